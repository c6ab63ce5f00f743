package dev.producttagger.trainer.samediff;

import static dev.producttagger.trainer.step.StepFixtures.LABELS;
import static dev.producttagger.trainer.step.StepFixtures.assertAdamStepsAsFitOnAverage;
import static dev.producttagger.trainer.step.StepFixtures.assertClose;
import static dev.producttagger.trainer.step.StepFixtures.assertEachParameterClose;
import static dev.producttagger.trainer.step.StepFixtures.assertReplicasStepAsOne;
import static dev.producttagger.trainer.step.StepFixtures.batch;
import static dev.producttagger.trainer.step.StepFixtures.maxDifference;
import static dev.producttagger.trainer.step.StepFixtures.moved;
import static dev.producttagger.trainer.step.StepFixtures.network;
import static dev.producttagger.trainer.step.StepFixtures.oneHot;
import static dev.producttagger.trainer.step.StepFixtures.small;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.step.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class SameDiffStepTest {

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
    SameDiffStep step = SameDiffStep.of(byGraph, channelsLast, 1);

    for (int i = 0; i < 3; i++) {
      byFit.fit(batch(i));
      step.fit(batch(i), LABELS);
    }

    assertAll(
        () -> assertEquals(3, byGraph.getIterationCount()),
        () -> assertClose(start, byFit.params(), byGraph.params(), 0.01));
  }

  /**
   * Batch normalisation, after convolutions and a dense layer: the weights, gamma and beta step as
   * DL4J's do, and the moving mean and log10 standard deviation move as DL4J's layer moves them,
   * each parameter compared on its own scale over two steps (from the third, normalisation
   * amplifies the pooling passes' differences in conv2 past 1%). The biases before a normalisation
   * get no gradient but rounding, hence the absolute floor.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stepsAsFitDoesWithBatchNormalisation(boolean channelsLast) {
    MultiLayerNetwork byFit = network(Architecture.BATCHNORM_CNN, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork byGraph = byFit.clone();
    MultiLayerNetwork start = byFit.clone();
    SameDiffStep step = SameDiffStep.of(byGraph, channelsLast, 1);

    for (int i = 0; i < 2; i++) {
      byFit.fit(batch(i));
      step.fit(batch(i), LABELS);
    }

    assertEachParameterClose(start, byFit, byGraph);
  }

  /** Two replicas normalise each half by its own statistics and average the moving averages. */
  @Test
  void replicasOfABatchNormalisedNetworkTrainIt() {
    MultiLayerNetwork network = network(Architecture.BATCHNORM_VGG, Optimizer.ADAM, 1e-3, 0.25, 0);
    INDArray start = network.params().dup();
    INDArray mean = network.getLayer("norm1").getParam("mean").dup();
    try (SameDiffStep split = SameDiffStep.of(network, true, 2)) {
      StepOutcome first = split.fit(batch(0), LABELS);
      StepOutcome later = first;
      for (int i = 0; i < 5; i++) {
        later = split.fit(batch(0), LABELS);
      }
      double lastLoss = later.loss();
      assertAll(
          () -> assertTrue(lastLoss < first.loss(), first.loss() + " then " + lastLoss),
          () -> assertTrue(moved(start, network.params()) > 0),
          () -> assertTrue(moved(mean, network.getLayer("norm1").getParam("mean")) > 0));
    }
  }

  /**
   * Split or not, the parts' gradients add up to the whole minibatch's (no dropout to tell them
   * apart); a minibatch that does not split evenly goes through one graph.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void replicasStepAsOneGraphDoes(int replicas) {
    assertReplicasStepAsOne(replicas, (network, count) -> SameDiffStep.of(network, true, count));
  }

  @Test
  void needsAtLeastOneGraph() {
    MultiLayerNetwork network = network(Architecture.PAPER_BASELINE, Optimizer.ADAM, 1e-3, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> SameDiffStep.of(network, true, 0));
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
    assertAdamStepsAsFitOnAverage(SameDiffStep::of);
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

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void trainsEveryArchitecture(Architecture architecture) {
    assertNull(
        NetworkGraph.unsupported(
            network(architecture, Optimizer.ADAM, 1e-3, architecture.defaultDropoutRate(), 0.05)
                .getLayerWiseConfigurations()));
  }

  /**
   * ReLU commutes with max pooling, so the graph pools first and rectifies a quarter of the values;
   * {@link #stepsAsFitDoes} and {@link #stepsAsFitDoesWithBatchNormalisation} show the steps are
   * still DL4J's.
   */
  @ParameterizedTest
  @EnumSource(
      value = Architecture.class,
      names = {"PAPER_BASELINE", "BATCHNORM_VGG"})
  void rectifiesAfterMaxPooling(Architecture architecture) {
    MultiLayerNetwork network =
        network(architecture, Optimizer.ADAM, 1e-3, architecture.defaultDropoutRate(), 0);
    long pools =
        network.getLayerWiseConfigurations().getConfs().stream()
            .filter(conf -> conf.getLayer() instanceof SubsamplingLayer)
            .count();
    SameDiff graph = NetworkGraph.of(network, true).graph;

    List<String> rectified = new ArrayList<>();
    List<String> pooled = new ArrayList<>();
    for (DifferentialFunction op : graph.ops()) {
      if (op.opName().equals("relu")) {
        rectified.add(graph.getVariableOutputOp(op.arg().name()).opName());
      } else if (op.opName().equals("maxpool2d")) {
        pooled.add(graph.getVariableOutputOp(op.arg().name()).opName());
      }
    }
    assertAll(
        () -> assertEquals(pools, pooled.size()),
        () -> assertEquals(pools, rectified.stream().filter("maxpool2d"::equals).count()),
        () -> assertFalse(pooled.contains("relu"), "pooled " + pooled));
  }

  @Test
  void refusesNetworksWithLayersItDoesNotHave() {
    MultiLayerNetwork tanh =
        small(new ActivationLayer.Builder().name("tanh1").activation(Activation.TANH).build());
    MultiLayerNetwork averagePool =
        small(
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .name("pool1")
                .kernelSize(2, 2)
                .stride(2, 2)
                .build());
    MultiLayerNetwork fixedGamma =
        small(new BatchNormalization.Builder(true).name("norm1").build());

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SameDiffStep.of(tanh));
    assertAll(
        () ->
            assertEquals(
                "tanh1 (ActivationLayer): only ReLU or identity activation layers, without"
                    + " dropout",
                NetworkGraph.unsupported(tanh.getLayerWiseConfigurations())),
        () ->
            assertEquals(
                "pool1 (SubsamplingLayer): only max pooling",
                NetworkGraph.unsupported(averagePool.getLayerWiseConfigurations())),
        () ->
            assertEquals(
                "norm1 (BatchNormalization): only batch normalisation with trained gamma and beta,"
                    + " averaging log10 standard deviations (DL4J's default)",
                NetworkGraph.unsupported(fixedGamma.getLayerWiseConfigurations())),
        () ->
            assertEquals(
                "SameDiff cannot train this network: tanh1 (ActivationLayer): only ReLU or"
                    + " identity activation layers, without dropout",
                refused.getMessage()));
  }
}
