package dev.producttagger.runtime.network;

import java.util.Random;

/**
 * The seeded random pixels two ways of running one network are compared on before either serves:
 * the same on every run, so a disagreement is reproducible.
 */
public final class ProbeImages {

  private static final long SEED = 28;

  private ProbeImages() {}

  /** {@code floats} pixel values in [0, 1). */
  public static float[] random(int floats) {
    Random random = new Random(SEED);
    float[] values = new float[floats];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }
}
