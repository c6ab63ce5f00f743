package dev.producttagger.trainer.step;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted-dropout masks drawn from ND4J's random generator, as DL4J's dropout draws them, so a run
 * seeded the same draws the same masks.
 */
public final class DropoutMasks {

  private DropoutMasks() {}

  /**
   * A mask of {@code images} rows of {@code shape}: each entry 1/{@code keep} with probability
   * {@code keep}, else 0.
   */
  public static INDArray draw(int images, long[] shape, double keep) {
    long[] full = new long[shape.length + 1];
    full[0] = images;
    System.arraycopy(shape, 0, full, 1, shape.length);
    INDArray kept = Nd4j.createUninitialized(DataType.FLOAT, full);
    Nd4j.getExecutioner().exec(new BernoulliDistribution(kept, keep), Nd4j.getRandom());
    return kept.divi(keep);
  }
}
