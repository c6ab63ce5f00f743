package dev.producttagger.trainer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.eval.Predictions;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReviewThresholdTest {

  @Test
  void choosesTheLowestConfidenceAboveWhichTaggingIs97PercentRight() {
    // 10 right at 0.95; 10 at 0.75 of which 5 right; 10 at 0.55 of which 2 right.
    Outcomes outcomes =
        new Outcomes(30).add(0, 10, 0.95f, 10).add(10, 10, 0.75f, 5).add(20, 10, 0.55f, 2);

    // 0.50: 17/30 right; 0.56-0.75: 15/20; from 0.76 on only the 10 right ones remain.
    assertEquals(
        OptionalDouble.of(0.76), ReviewThreshold.choose(outcomes.confidence, outcomes.correct));
  }

  @Test
  void takesTheLowestGridPointWhenEveryConfidentPredictionIsRight() {
    Outcomes outcomes = new Outcomes(4).add(0, 4, 0.6f, 4);

    assertEquals(
        OptionalDouble.of(0.50), ReviewThreshold.choose(outcomes.confidence, outcomes.correct));
  }

  @Test
  void exactly97PercentQualifiesAnd96DoesNot() {
    Outcomes exactly97 = new Outcomes(100).add(0, 100, 0.8f, 97);
    Outcomes only96 = new Outcomes(100).add(0, 100, 0.8f, 96);

    assertEquals(
        OptionalDouble.of(0.50), ReviewThreshold.choose(exactly97.confidence, exactly97.correct));
    // Above 0.80 no prediction is left, and an empty set is no evidence: no threshold at all.
    assertEquals(OptionalDouble.empty(), ReviewThreshold.choose(only96.confidence, only96.correct));
  }

  @Test
  void aConfidenceOnAGridPointCountsAtThatPoint() {
    // 0.7f is a hair below the double 0.7; it must still count at 0.70.
    Outcomes outcomes = new Outcomes(20).add(0, 10, 0.7f, 10).add(10, 10, 0.69f, 0);

    assertEquals(
        OptionalDouble.of(0.70), ReviewThreshold.choose(outcomes.confidence, outcomes.correct));
  }

  @Test
  void readsCorrectnessFromPredictionsAgainstTheTrueLabels() {
    LabelledImages truth =
        new LabelledImages(new byte[3 * LabelledImages.PIXELS_PER_IMAGE], new byte[] {1, 2, 3});
    // The most confident prediction is wrong: every threshold keeps it, or keeps nothing.
    Predictions predictions =
        new Predictions(new int[] {1, 2, 4}, new float[] {0.6f, 0.7f, 0.9f}, 0.5);

    assertEquals(OptionalDouble.empty(), ReviewThreshold.choose(predictions, truth));
    Predictions allRight =
        new Predictions(new int[] {1, 2, 3}, new float[] {0.6f, 0.7f, 0.9f}, 0.5);
    assertEquals(OptionalDouble.of(0.50), ReviewThreshold.choose(allRight, truth));
  }

  @Test
  void refusesMismatchedInputs() {
    assertThrows(
        IllegalArgumentException.class, () -> ReviewThreshold.choose(new float[2], new boolean[3]));
  }

  /** Hand-made predictions: their confidences and whether each was right. */
  private static final class Outcomes {
    final float[] confidence;
    final boolean[] correct;

    Outcomes(int size) {
      confidence = new float[size];
      correct = new boolean[size];
    }

    /**
     * {@code count} predictions from {@code from} at {@code value}, the first {@code right} of them
     * right.
     */
    Outcomes add(int from, int count, float value, int right) {
      Arrays.fill(confidence, from, from + count, value);
      Arrays.fill(correct, from, from + right, true);
      return this;
    }
  }
}
