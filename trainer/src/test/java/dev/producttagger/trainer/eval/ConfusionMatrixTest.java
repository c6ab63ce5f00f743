package dev.producttagger.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private static final double EXACT = 1e-12;

  /**
   * Rows are actual classes, columns predicted. Class 2 is never predicted.
   *
   * <pre>
   *        p0 p1 p2
   *   a0 [ 5, 2, 0 ]   support 7
   *   a1 [ 1, 3, 0 ]   support 4
   *   a2 [ 2, 0, 0 ]   support 2
   *        8  5  0     predicted
   * </pre>
   */
  private static final ConfusionMatrix MATRIX =
      ConfusionMatrix.of(new int[][] {{5, 2, 0}, {1, 3, 0}, {2, 0, 0}});

  @Test
  void countsTotalsSupportAndPredictions() {
    assertEquals(13, MATRIX.total());
    assertEquals(8, MATRIX.correct());
    assertEquals(7, MATRIX.support(0));
    assertEquals(2, MATRIX.support(2));
    assertEquals(8, MATRIX.predictedCount(0));
    assertEquals(0, MATRIX.predictedCount(2));
    assertEquals(8.0 / 13, MATRIX.accuracy(), EXACT);
  }

  @Test
  void computesPerClassPrecisionRecallAndF1ByHand() {
    assertEquals(5.0 / 8, MATRIX.precision(0), EXACT);
    assertEquals(5.0 / 7, MATRIX.recall(0), EXACT);
    assertEquals(10.0 / 15, MATRIX.f1(0), EXACT); // 2TP / (2TP + FP + FN) = 10 / (10 + 3 + 2)
    assertEquals(3.0 / 5, MATRIX.precision(1), EXACT);
    assertEquals(3.0 / 4, MATRIX.recall(1), EXACT);
    assertEquals(6.0 / 9, MATRIX.f1(1), EXACT);
  }

  @Test
  void aClassNeverPredictedHasZeroPrecisionRecallAndF1() {
    assertEquals(0, MATRIX.precision(2), EXACT);
    assertEquals(0, MATRIX.recall(2), EXACT);
    assertEquals(0, MATRIX.f1(2), EXACT);
  }

  @Test
  void macroAveragesWeighEveryClassEqually() {
    assertEquals((5.0 / 8 + 3.0 / 5 + 0) / 3, MATRIX.macroPrecision(), EXACT);
    assertEquals((5.0 / 7 + 3.0 / 4 + 0) / 3, MATRIX.macroRecall(), EXACT);
    assertEquals((10.0 / 15 + 6.0 / 9 + 0) / 3, MATRIX.macroF1(), EXACT);
  }

  @Test
  void aClassAbsentFromBothTruthAndPredictionsScoresZeroWithoutDividingByZero() {
    ConfusionMatrix matrix = ConfusionMatrix.of(new int[][] {{2, 0}, {0, 0}});
    assertEquals(1.0, matrix.accuracy(), EXACT);
    assertEquals(1.0, matrix.f1(0), EXACT);
    assertEquals(0, matrix.precision(1), EXACT);
    assertEquals(0, matrix.recall(1), EXACT);
    assertEquals(0.5, matrix.macroF1(), EXACT);
  }

  @Test
  void anEmptyMatrixHasZeroAccuracy() {
    assertEquals(0, new ConfusionMatrix(10).accuracy(), EXACT);
  }

  @Test
  void addCountsActualAgainstPredicted() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    int[][] pairs = {
      {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 1}, {0, 1}, {1, 0}, {1, 1}, {1, 1}, {1, 1},
      {2, 0}, {2, 0}
    };
    for (int[] pair : pairs) {
      matrix.add(pair[0], pair[1]);
    }
    assertEquals(MATRIX, matrix);
    assertArrayEquals(new int[] {1, 3, 0}, matrix.counts()[1]);
  }

  @Test
  void refusesRaggedOrNegativeCounts() {
    assertThrows(
        IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[][] {{1, 2}, {3}}));
    assertThrows(
        IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[][] {{1, -2}, {3, 4}}));
  }
}
