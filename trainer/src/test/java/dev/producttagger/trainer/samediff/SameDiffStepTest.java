package dev.producttagger.trainer.samediff;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class SameDiffStepTest {

  private static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 6};

  /**
   * Nesterov's step is linear in the gradient, so equal gradients give equal steps, and a heavy
   * weight decay makes the updater's part visible. The two engines' max pooling backward passes
   * differ by a fraction of a percent in the first convolutions' gradients, so the steps are
   * compared to 1% of how far DL4J moved the weights.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stepsAsFitDoes(boolean channelsLast) {
    MultiLayerNetwork byFit =
        network(Architecture.PAPER_BASELINE, Optimizer.NESTEROV, 0.05, 0, 0.5);
    MultiLayerNetwork byGraph = byFit.clone();
    INDArray start = byFit.params().dup();
    SameDiffStep step = SameDiffStep.of(byGraph, channelsLast);

    for (int i = 0; i < 3; i++) {
      byFit.fit(batch(i));
      step.fit(batch(i), LABELS);
    }

    assertAll(
        () -> assertEquals(3, byGraph.getIterationCount()),
        () -> assertClose(start, byFit.params(), byGraph.params(), 0.01));
  }

  /** The comparison above can fail: a step on other targets lands elsewhere. */
  @Test
  void aStepOnOtherTargetsIsAnotherStep() {
    MultiLayerNetwork byFit = network(Architecture.PAPER_BASELINE, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork byGraph = byFit.clone();
    INDArray start = byFit.params().dup();
    DataSet batch = batch(0);
    byFit.fit(batch);
    int[] shifted = new int[LABELS.length];
    for (int i = 0; i < LABELS.length; i++) {
      shifted[i] = (LABELS[i] + 1) % LabelledImages.CLASS_COUNT;
    }
    SameDiffStep.of(byGraph).fit(new DataSet(batch.getFeatures(), oneHot(shifted)), shifted);

    assertTrue(moved(start, byGraph.params()) > 0);
    assertTrue(
        maxDifference(byFit.params(), byGraph.params()) > 0.01 * moved(start, byFit.params()));
  }

  /**
   * Adam's first steps are about the sign of each gradient, so the few weights whose gradients are
   * near zero may step differently; on average the steps must agree.
   */
  @Test
  void adamStepsAsFitDoesOnAverage() {
    MultiLayerNetwork byFit = network(Architecture.PAPER_BASELINE, Optimizer.ADAM, 1e-3, 0, 0.05);
    MultiLayerNetwork byGraph = byFit.clone();
    INDArray start = byFit.params().dup();
    SameDiffStep step = SameDiffStep.of(byGraph);
    for (int i = 0; i < 3; i++) {
      byFit.fit(batch(i));
      step.fit(batch(i), LABELS);
    }
    double meanMove = Transforms.abs(byFit.params().sub(start)).meanNumber().doubleValue();
    double meanDifference =
        Transforms.abs(byFit.params().sub(byGraph.params())).meanNumber().doubleValue();

    assertTrue(
        meanDifference < 0.02 * meanMove, "mean difference " + meanDifference + " of " + meanMove);
  }

  @Test
  void dropoutMasksComeFromNd4jsGeneratorAndDropWhatTheLayerSays() {
    MultiLayerNetwork without = network(Architecture.PAPER_DROPOUT, Optimizer.ADAM, 1e-3, 0, 0);
    DataSet batch = batch(0);
    double plain = SameDiffStep.of(without.clone()).fit(batch, LABELS).loss();
    without.setInput(batch.getFeatures());
    without.setLabels(batch.getLabels());
    without.computeGradientAndScore();

    double[] losses = new double[3];
    INDArray[] params = new INDArray[3];
    long[] seeds = {1, 1, 2};
    for (int i = 0; i < 3; i++) {
      MultiLayerNetwork dropping =
          network(Architecture.PAPER_DROPOUT, Optimizer.ADAM, 1e-3, 0.5, 0);
      Nd4j.getRandom().setSeed(seeds[i]);
      losses[i] = SameDiffStep.of(dropping).fit(batch, LABELS).loss();
      params[i] = dropping.params();
    }

    assertAll(
        () -> assertEquals(without.score(), plain, 1e-4, "no dropout: DL4J's loss"),
        () -> assertNotEquals(plain, losses[0], 1e-3, "half dropped: another loss"),
        () -> assertEquals(losses[0], losses[1], "same seed, same masks"),
        () -> assertEquals(params[0], params[1]),
        () -> assertNotEquals(losses[0], losses[2], "another seed, other masks"));
  }

  @Test
  void refusesNetworksWithLayersItDoesNotHave() {
    MultiLayerNetwork batchNorm =
        network(Architecture.BATCHNORM_CNN, Optimizer.ADAM, 1e-3, 0.25, 0);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SameDiffStep.of(batchNorm));
    assertAll(
        () ->
            assertNull(
                SameDiffStep.unsupported(
                    network(Architecture.PAPER_BASELINE, Optimizer.ADAM, 1e-3, 0, 0)
                        .getLayerWiseConfigurations())),
        () ->
            assertNull(
                SameDiffStep.unsupported(
                    network(Architecture.PAPER_DROPOUT, Optimizer.ADAM, 1e-3, 0.3, 0.05)
                        .getLayerWiseConfigurations())),
        () ->
            assertEquals(
                "norm1 (BatchNormalization): not a layer type the graph has",
                SameDiffStep.unsupported(batchNorm.getLayerWiseConfigurations())),
        () ->
            assertEquals(
                "SameDiff cannot train this network: norm1 (BatchNormalization): not a layer type"
                    + " the graph has",
                refused.getMessage()));
  }

  private static MultiLayerNetwork network(
      Architecture architecture,
      Optimizer optimizer,
      double learningRate,
      double dropout,
      double weightDecay) {
    return architecture.newNetwork(5, optimizer, learningRate, dropout, weightDecay);
  }

  private static DataSet batch(int step) {
    Nd4j.getRandom().setSeed(11 + step);
    return new DataSet(Nd4j.rand(DataType.FLOAT, LABELS.length, 1, 28, 28), oneHot(LABELS));
  }

  private static INDArray oneHot(int[] labels) {
    return Nd4j.eye(LabelledImages.CLASS_COUNT).getRows(labels).castTo(DataType.FLOAT);
  }

  private static void assertClose(
      INDArray start, INDArray expected, INDArray actual, double share) {
    double moved = moved(start, expected);
    double difference = maxDifference(expected, actual);
    assertTrue(
        difference <= share * moved, "max difference " + difference + ", weights moved " + moved);
  }

  private static double moved(INDArray start, INDArray end) {
    return maxDifference(start, end);
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).normmaxNumber().doubleValue();
  }
}
