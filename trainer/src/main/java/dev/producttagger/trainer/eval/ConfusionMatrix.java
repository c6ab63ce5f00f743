package dev.producttagger.trainer.eval;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Counts of (actual class, predicted class) pairs, rows by actual class. Metrics that would divide
 * by zero (precision of a class never predicted, recall of a class never present) are 0, as
 * scikit-learn reports them.
 */
public final class ConfusionMatrix {

  private final int[][] counts;

  public ConfusionMatrix(int classCount) {
    if (classCount < 1) {
      throw new IllegalArgumentException("need at least one class, not " + classCount);
    }
    this.counts = new int[classCount][classCount];
  }

  /** A matrix with the given counts, {@code counts[actual][predicted]}. */
  public static ConfusionMatrix of(int[][] counts) {
    ConfusionMatrix matrix = new ConfusionMatrix(counts.length);
    for (int actual = 0; actual < counts.length; actual++) {
      if (counts[actual].length != counts.length) {
        throw new IllegalArgumentException(
            "row "
                + actual
                + " has "
                + counts[actual].length
                + " columns, expected "
                + counts.length);
      }
      for (int predicted = 0; predicted < counts.length; predicted++) {
        if (counts[actual][predicted] < 0) {
          throw new IllegalArgumentException(
              "negative count at [" + actual + "][" + predicted + "]");
        }
        matrix.counts[actual][predicted] = counts[actual][predicted];
      }
    }
    return matrix;
  }

  public void add(int actual, int predicted) {
    counts[actual][predicted]++;
  }

  public int classCount() {
    return counts.length;
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    Arrays.setAll(copy, row -> counts[row].clone());
    return copy;
  }

  public int total() {
    int total = 0;
    for (int[] row : counts) {
      total += Arrays.stream(row).sum();
    }
    return total;
  }

  public int correct() {
    int correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return correct;
  }

  /** Images whose actual class is {@code c}. */
  public int support(int c) {
    return Arrays.stream(counts[c]).sum();
  }

  /** Images predicted as class {@code c}. */
  public int predictedCount(int c) {
    int predicted = 0;
    for (int[] row : counts) {
      predicted += row[c];
    }
    return predicted;
  }

  public double accuracy() {
    return ratio(correct(), total());
  }

  public double precision(int c) {
    return ratio(counts[c][c], predictedCount(c));
  }

  public double recall(int c) {
    return ratio(counts[c][c], support(c));
  }

  public double f1(int c) {
    double precision = precision(c);
    double recall = recall(c);
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /** Unweighted mean of the per-class precisions. */
  public double macroPrecision() {
    return meanOverClasses(this::precision);
  }

  public double macroRecall() {
    return meanOverClasses(this::recall);
  }

  /** Unweighted mean of the per-class F1 scores (scikit-learn's macro F1). */
  public double macroF1() {
    return meanOverClasses(this::f1);
  }

  private double meanOverClasses(IntToDoubleFunction metric) {
    return IntStream.range(0, counts.length).mapToDouble(metric).sum() / counts.length;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfusionMatrix that && Arrays.deepEquals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix" + Arrays.deepToString(counts);
  }
}
