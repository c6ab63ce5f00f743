package dev.producttagger.trainer.bundle;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.eval.Predictions;
import java.util.OptionalDouble;

/**
 * The confidence a bundle recommends as the tagger's review threshold, chosen on validation data.
 *
 * <p>The rule: the lowest {@code t} on the grid 0.50, 0.51, ..., 0.99 such that, of the validation
 * images predicted with confidence {@code >= t}, at least {@value #REQUIRED_ACCURACY_PERCENT}% are
 * predicted correctly. The lowest such {@code t} sends the fewest uploads to human review while the
 * tags published automatically stay at least 97% right. A {@code t} that no image reaches does not
 * qualify (there is no evidence for it), and when no {@code t} qualifies there is no
 * recommendation. The test set never takes part, so the test accuracy in the manifest stays an
 * unbiased estimate.
 */
public final class ReviewThreshold {

  /** How often, in percent, a tag at or above the threshold must be right on validation data. */
  public static final int REQUIRED_ACCURACY_PERCENT = 97;

  /** The grid in hundredths, so every candidate is exactly the decimal it prints as. */
  private static final int LOWEST_HUNDREDTHS = 50;

  private static final int HIGHEST_HUNDREDTHS = 99;

  private ReviewThreshold() {}

  /**
   * The threshold for a network's predictions on the validation images {@code truth}; empty when
   * none qualifies.
   */
  public static OptionalDouble choose(Predictions predictions, LabelledImages truth) {
    int[] predicted = predictions.predicted();
    if (predicted.length != truth.size()) {
      throw new IllegalArgumentException(
          predicted.length + " predictions for " + truth.size() + " images");
    }
    boolean[] correct = new boolean[predicted.length];
    for (int i = 0; i < predicted.length; i++) {
      correct[i] = predicted[i] == truth.label(i);
    }
    return choose(predictions.confidence(), correct);
  }

  /** The rule on plain arrays: each prediction's confidence and whether it was right. */
  static OptionalDouble choose(float[] confidence, boolean[] correct) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException(
          confidence.length + " confidences for " + correct.length + " outcomes");
    }
    for (int hundredths = LOWEST_HUNDREDTHS; hundredths <= HIGHEST_HUNDREDTHS; hundredths++) {
      double threshold = hundredths / 100.0;
      // In float, the confidences' own precision: a confidence of 0.7f counts as 0.70, as the
      // tagger sees it.
      float floor = (float) threshold;
      int confident = 0;
      int confidentAndCorrect = 0;
      for (int i = 0; i < confidence.length; i++) {
        if (confidence[i] >= floor) {
          confident++;
          if (correct[i]) {
            confidentAndCorrect++;
          }
        }
      }
      // Whole numbers, so exactly 97% qualifies whatever floating point would make of 0.97 * n.
      if (confident > 0
          && 100L * confidentAndCorrect >= (long) REQUIRED_ACCURACY_PERCENT * confident) {
        return OptionalDouble.of(threshold);
      }
    }
    return OptionalDouble.empty();
  }
}
