package dev.producttagger.schemas.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a model was trained, enough to reproduce it.
 *
 * @param datasetSha256 SHA-256 (hex) of each dataset file used, by file name
 * @param seed the random seed
 * @param epochs training epochs, at least 1
 * @param hyperParameters training settings by name, values written as text so they compare exactly
 * @param trainingSeconds wall-clock training time
 * @param trainer what trained the model, such as the trainer's name and version
 */
public record Provenance(
    Map<String, String> datasetSha256,
    long seed,
    int epochs,
    Map<String, String> hyperParameters,
    double trainingSeconds,
    String trainer) {

  /**
   * The hyper-parameter naming the trainer's {@code --limit-train}, present only when a run used
   * it: a teacher and its student must have held out the same validation images.
   */
  public static final String LIMIT_TRAIN = "limitTrain";

  public Provenance {
    datasetSha256 = sorted(datasetSha256);
    hyperParameters = sorted(hyperParameters);
    Objects.requireNonNull(trainer, "trainer");
  }

  /** An unmodifiable copy in key order, so that printing and writing are stable. */
  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
