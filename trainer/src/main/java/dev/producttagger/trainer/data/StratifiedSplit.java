package dev.producttagger.trainer.data;

import dev.producttagger.dataset.LabelledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded split that holds out a given number of images with every class in the same proportion as
 * in the whole (the 48,000/12,000 train/validation split gives 4,800/1,200 per class). Both parts
 * keep the original order of the images; the seed only decides which images go where.
 */
public record StratifiedSplit(LabelledImages kept, LabelledImages heldOut) {

  /** The paper's validation share of the 60,000 training images. */
  public static final double VALIDATION_FRACTION = 0.2;

  /** Splits off {@link #VALIDATION_FRACTION} of the images for validation. */
  public static StratifiedSplit trainValidation(LabelledImages images, long seed) {
    return of(images, (int) Math.round(images.size() * VALIDATION_FRACTION), seed);
  }

  /**
   * Holds out {@code heldOutCount} images, each class's share rounded by largest remainder so the
   * total is exact.
   */
  public static StratifiedSplit of(LabelledImages images, int heldOutCount, long seed) {
    if (heldOutCount < 0 || heldOutCount > images.size()) {
      throw new IllegalArgumentException(
          "cannot hold out " + heldOutCount + " of " + images.size() + " images");
    }
    int[] quotas = quotas(images.classCounts(), heldOutCount, images.size());
    boolean[] held = new boolean[images.size()];
    Random random = new Random(seed);
    for (int label = 0; label < LabelledImages.CLASS_COUNT; label++) {
      List<Integer> members = indicesOf(images, label);
      Collections.shuffle(members, random);
      for (int i = 0; i < quotas[label]; i++) {
        held[members.get(i)] = true;
      }
    }
    int[] keptIndices = new int[images.size() - heldOutCount];
    int[] heldIndices = new int[heldOutCount];
    int keptNext = 0;
    int heldNext = 0;
    for (int i = 0; i < held.length; i++) {
      if (held[i]) {
        heldIndices[heldNext++] = i;
      } else {
        keptIndices[keptNext++] = i;
      }
    }
    return new StratifiedSplit(images.select(keptIndices), images.select(heldIndices));
  }

  private static int[] quotas(int[] classCounts, int heldOutCount, int total) {
    int[] quotas = new int[classCounts.length];
    double[] remainders = new double[classCounts.length];
    int assigned = 0;
    for (int label = 0; label < classCounts.length; label++) {
      double exact = total == 0 ? 0 : (double) heldOutCount * classCounts[label] / total;
      quotas[label] = (int) Math.floor(exact);
      remainders[label] = exact - quotas[label];
      assigned += quotas[label];
    }
    Integer[] byRemainder = new Integer[classCounts.length];
    Arrays.setAll(byRemainder, label -> label);
    Arrays.sort(byRemainder, Comparator.comparingDouble((Integer label) -> -remainders[label]));
    for (int i = 0; assigned < heldOutCount; i++) {
      quotas[byRemainder[i]]++;
      assigned++;
    }
    return quotas;
  }

  private static List<Integer> indicesOf(LabelledImages images, int label) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      if (images.label(i) == label) {
        indices.add(i);
      }
    }
    return indices;
  }
}
