package dev.producttagger.trainer.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.distill.TeacherTargets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayMixTest {

  /** 500 training images to replay from, and 20 others as the examples. */
  private final StratifiedSplit data = StratifiedSplit.of(sample(520), 20, 1);

  private final LabelledImages pool = data.kept();
  private final LabelledImages examples = data.heldOut();

  @Test
  void eachEpochHoldsEveryExampleAndRatioTimesAsManyDistinctImagesOfThePool() {
    ReplayMix mix = new ReplayMix(examples, pool, 2.5, null, 42);

    LabelledImages epoch = mix.of(1);

    assertEquals(50, mix.replayedPerEpoch());
    assertEquals(20 + 50, epoch.size());
    for (int i = 0; i < examples.size(); i++) {
      assertArrayEquals(examples.image(i), epoch.image(i));
      assertEquals(examples.label(i), epoch.label(i));
    }
    Map<String, Integer> poolLabels = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      poolLabels.put(Arrays.toString(pool.image(i)), pool.label(i));
    }
    Set<String> replayed = new HashSet<>();
    for (int i = examples.size(); i < epoch.size(); i++) {
      String image = Arrays.toString(epoch.image(i));
      assertEquals(poolLabels.get(image), epoch.label(i), "image " + i + " is from the pool");
      replayed.add(image);
    }
    assertEquals(50, replayed.size(), "drawn without replacement");
  }

  @Test
  void theDrawIsAFunctionOfSeedAndEpoch() {
    ReplayMix mix = new ReplayMix(examples, pool, 3, null, 42);

    assertEquals(mix.of(2), new ReplayMix(examples, pool, 3, null, 42).of(2));
    assertNotEquals(mix.of(1), mix.of(2));
    assertNotEquals(mix.of(1), new ReplayMix(examples, pool, 3, null, 43).of(1));
  }

  @Test
  void theBaseTeachesEachReplayedImageAndTheReviewersEachExample() {
    float[][] baseProbabilities = new float[pool.size()][];
    Map<String, float[]> byImage = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      baseProbabilities[i] = new float[LabelledImages.CLASS_COUNT];
      baseProbabilities[i][i % LabelledImages.CLASS_COUNT] = 0.75f;
      baseProbabilities[i][(i + 1) % LabelledImages.CLASS_COUNT] = 0.25f;
      byImage.put(Arrays.toString(pool.image(i)), baseProbabilities[i]);
    }
    ReplayMix mix = new ReplayMix(examples, pool, 2, TeacherTargets.of(baseProbabilities), 42);

    LabelledImages epoch = mix.of(3);
    TeacherTargets taught = mix.teacher(3).orElseThrow();

    for (int i = 0; i < examples.size(); i++) {
      float[] oneHot = new float[LabelledImages.CLASS_COUNT];
      oneHot[examples.label(i)] = 1;
      assertArrayEquals(oneHot, taught.of(i), "example " + i + " keeps its label");
    }
    for (int i = examples.size(); i < epoch.size(); i++) {
      assertArrayEquals(
          byImage.get(Arrays.toString(epoch.image(i))),
          taught.of(i),
          "replayed image " + i + " has the base's answer for that image");
    }
    assertTrue(new ReplayMix(examples, pool, 2, null, 42).teacher(3).isEmpty());
  }

  @Test
  void ratioZeroTrainsOnTheExamplesAlone() {
    assertEquals(examples, new ReplayMix(examples, pool, 0, null, 42).of(1));
  }

  @Test
  void refusesANegativeRatioAndMoreImagesThanThePoolHolds() {
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> new ReplayMix(examples, pool, -1, null, 1));
    assertEquals("--replay-ratio must be at least 0, not -1.0", negative.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ReplayMix(examples, pool, Double.NaN, null, 1));

    IllegalArgumentException tooMany =
        assertThrows(
            IllegalArgumentException.class, () -> new ReplayMix(examples, pool, 26, null, 1));
    assertTrue(tooMany.getMessage().contains("replays 520 images per epoch"), tooMany.getMessage());
    assertEquals(500, new ReplayMix(examples, pool, 25, null, 1).replayedPerEpoch());
  }

  private static LabelledImages sample(int count) {
    int[] first = new int[count];
    Arrays.setAll(first, i -> i);
    return TestData.fashionMnistTrain().select(first);
  }
}
