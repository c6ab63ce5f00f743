package dev.producttagger.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

  @Test
  void splitsTheTrainingSetIntoFortyEightAndTwelveThousandExactlyPerClass() {
    StratifiedSplit split = StratifiedSplit.trainValidation(TestData.fashionMnistTrain(), 42);

    assertEquals(48_000, split.kept().size());
    assertEquals(12_000, split.heldOut().size());
    int[] per4800 = new int[10];
    int[] per1200 = new int[10];
    Arrays.fill(per4800, 4800);
    Arrays.fill(per1200, 1200);
    assertArrayEquals(per4800, split.kept().classCounts());
    assertArrayEquals(per1200, split.heldOut().classCounts());
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    LabelledImages images = numbered(1000, 10);
    assertEquals(StratifiedSplit.of(images, 200, 7), StratifiedSplit.of(images, 200, 7));
    assertNotEquals(
        StratifiedSplit.of(images, 200, 7).heldOut(), StratifiedSplit.of(images, 200, 8).heldOut());
  }

  @Test
  void everyImageLandsInExactlyOnePartInItsOriginalOrder() {
    LabelledImages images = numbered(500, 10);
    StratifiedSplit split = StratifiedSplit.of(images, 123, 3);

    int[] kept = numbers(split.kept());
    int[] held = numbers(split.heldOut());
    Set<Integer> all = new HashSet<>();
    Arrays.stream(kept).forEach(all::add);
    Arrays.stream(held).forEach(all::add);
    assertEquals(500, all.size());
    assertEquals(500, kept.length + held.length);
    assertTrue(isIncreasing(kept) && isIncreasing(held));
  }

  @Test
  void roundsUnevenClassesByLargestRemainder() {
    // Classes 0, 1, 2 hold 5, 3 and 2 images; holding out 5 asks for 2.5, 1.5 and 1 of them.
    byte[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2};
    LabelledImages images = new LabelledImages(new byte[labels.length * 784], labels);

    int[] held = StratifiedSplit.of(images, 5, 1).heldOut().classCounts();

    assertEquals(5, Arrays.stream(held).sum());
    assertEquals(1, held[2]);
    assertTrue(held[0] + held[1] == 4 && held[0] >= 2 && held[1] >= 1, Arrays.toString(held));
  }

  @Test
  void refusesToHoldOutMoreThanThereIs() {
    assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.of(numbered(10, 10), 11, 1));
  }

  /** n images whose first two pixels encode their index, labels cycling through {@code classes}. */
  private static LabelledImages numbered(int n, int classes) {
    byte[] pixels = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      pixels[i * 784] = (byte) (i >> 8);
      pixels[i * 784 + 1] = (byte) i;
      labels[i] = (byte) (i % classes);
    }
    return new LabelledImages(pixels, labels);
  }

  private static int[] numbers(LabelledImages images) {
    int[] numbers = new int[images.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = images.pixel(i, 0, 0) << 8 | images.pixel(i, 0, 1);
    }
    return numbers;
  }

  private static boolean isIncreasing(int[] values) {
    for (int i = 1; i < values.length; i++) {
      if (values[i] <= values[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
