package dev.producttagger.trainer.blas;

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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.samediff.SameDiffStep;
import dev.producttagger.trainer.step.StepFixtures;
import dev.producttagger.trainer.step.StepOutcome;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class BlasStepTest {

  /**
   * Nesterov's step is linear in the gradient, so equal gradients give equal steps, and a heavy
   * weight decay makes the updater's part visible; compared to 0.1% of how far DL4J moved the
   * weights over three steps.
   */
  @Test
  void stepsAsFitDoes() {
    MultiLayerNetwork byFit =
        network(Architecture.PAPER_BASELINE, Optimizer.NESTEROV, 0.05, 0, 0.5);
    assertStepsAsFit(byFit, 3, 0.001);
  }

  /**
   * Convolutions other than the paper's: "same" padding, strides, a 5x5 kernel, no activation, a
   * pooling window that leaves a row out; each backward pass must put every patch's gradient back
   * where the patch came from.
   */
  @ParameterizedTest
  @MethodSource("otherConvolutions")
  void stepsAsFitDoesWithOtherConvolutions(MultiLayerNetwork byFit) {
    assertStepsAsFit(byFit, 2, 0.001);
  }

  static Stream<MultiLayerNetwork> otherConvolutions() {
    return Stream.of(
        StepFixtures.of(
            convolution(3, 1, ConvolutionMode.Same, Activation.RELU),
            pool(3, 2),
            convolution(3, 2, ConvolutionMode.Same, Activation.IDENTITY).build()),
        StepFixtures.of(
            convolution(5, 2, ConvolutionMode.Truncate, Activation.RELU),
            convolution(3, 1, ConvolutionMode.Same, Activation.RELU).build(),
            pool(2, 2),
            new DenseLayer.Builder().name("dense1").nOut(16).activation(Activation.RELU).build()));
  }

  private static ConvolutionLayer.Builder convolution(
      int kernel, int stride, ConvolutionMode mode, Activation activation) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .nOut(6)
        .stride(stride, stride)
        .convolutionMode(mode)
        .activation(activation);
  }

  private static SubsamplingLayer pool(int kernel, int stride) {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(kernel, kernel)
        .stride(stride, stride)
        .build();
  }

  /** The comparison above can fail: a step on other targets lands elsewhere. */
  @Test
  void aStepOnOtherTargetsIsAnotherStep() {
    MultiLayerNetwork byFit = network(Architecture.PAPER_BASELINE, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork byBlas = byFit.clone();
    INDArray start = byFit.params().dup();
    DataSet batch = batch(0);
    byFit.fit(batch);
    int[] shifted = new int[LABELS.length];
    for (int i = 0; i < LABELS.length; i++) {
      shifted[i] = (LABELS[i] + 1) % LabelledImages.CLASS_COUNT;
    }
    try (BlasStep step = BlasStep.of(byBlas, 1)) {
      step.fit(new DataSet(batch.getFeatures(), oneHot(shifted)), shifted);
    }

    assertTrue(moved(start, byBlas.params()) > 0);
    assertTrue(
        maxDifference(byFit.params(), byBlas.params()) > 0.01 * moved(start, byFit.params()));
  }

  /** Without dropout, the loss reported is DL4J's score before the step, and so is accuracy. */
  @Test
  void reportsTheLossAndCorrectPredictionsBeforeTheStep() {
    MultiLayerNetwork network = network(Architecture.PAPER_BASELINE, Optimizer.ADAM, 1e-3, 0, 0);
    DataSet batch = batch(0);
    network.setInput(batch.getFeatures());
    network.setLabels(batch.getLabels());
    network.computeGradientAndScore();
    INDArray predicted = network.output(batch.getFeatures()).argMax(1);
    int correct = 0;
    for (int i = 0; i < LABELS.length; i++) {
      correct += predicted.getInt(i) == LABELS[i] ? 1 : 0;
    }
    double score = network.score();
    int expected = correct;
    try (BlasStep step = BlasStep.of(network.clone(), 1)) {
      StepOutcome outcome = step.fit(batch, LABELS);
      assertAll(
          () -> assertEquals(score, outcome.loss(), 1e-4),
          () -> assertEquals(expected, outcome.correct()));
    }
  }

  /**
   * The same masks as the SameDiff engine, drawn from ND4J's generator in the same order, so the
   * two engines take the same steps with dropout; another seed draws other masks.
   */
  @Test
  void dropsWhatTheSameDiffEngineDrops() {
    MultiLayerNetwork bySameDiff =
        network(Architecture.PAPER_DROPOUT, Optimizer.NESTEROV, 0.05, 0.5, 0);
    MultiLayerNetwork byBlas = bySameDiff.clone();
    MultiLayerNetwork otherSeed = bySameDiff.clone();
    INDArray start = bySameDiff.params().dup();
    double[] losses = new double[3];
    try (SameDiffStep sameDiff = SameDiffStep.of(bySameDiff);
        BlasStep blas = BlasStep.of(byBlas, 1);
        BlasStep other = BlasStep.of(otherSeed, 1)) {
      for (int i = 0; i < 2; i++) {
        DataSet batch = batch(i);
        Nd4j.getRandom().setSeed(100 + i);
        losses[0] = sameDiff.fit(batch, LABELS).loss();
        Nd4j.getRandom().setSeed(100 + i);
        losses[1] = blas.fit(batch, LABELS).loss();
        Nd4j.getRandom().setSeed(200 + i);
        losses[2] = other.fit(batch, LABELS).loss();
      }
    }
    assertAll(
        () -> assertEquals(losses[0], losses[1], 1e-4),
        () -> assertNotEquals(losses[0], losses[2], 1e-3),
        () -> assertClose(start, bySameDiff.params(), byBlas.params(), 0.01),
        () ->
            assertTrue(
                maxDifference(bySameDiff.params(), otherSeed.params())
                    > 0.05 * moved(start, bySameDiff.params())));
  }

  /**
   * Split or not, the parts' gradients add up to the whole minibatch's; a minibatch that does not
   * split evenly goes through one replica.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void replicasStepAsOneDoes(int replicas) {
    assertReplicasStepAsOne(replicas, BlasStep::of);
  }

  /** Adam from the start, as real runs train: the steps agree with DL4J's on average. */
  @Test
  void adamStepsAsFitDoesOnAverage() {
    assertAdamStepsAsFitOnAverage(network -> BlasStep.of(network, 2));
  }

  /**
   * Batch normalisation after convolutions and a dense layer, then ReLU layers: the weights, gamma
   * and beta step as DL4J's do, and the moving mean and log10 standard deviation move as DL4J's
   * layer moves them, each parameter within 1% of how far DL4J moved it over two steps. The biases
   * before a normalisation get no gradient but rounding, hence the absolute floor.
   */
  @Test
  void stepsAsFitDoesWithBatchNormalisation() {
    MultiLayerNetwork byFit = network(Architecture.BATCHNORM_CNN, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork byBlas = byFit.clone();
    MultiLayerNetwork start = byFit.clone();
    try (BlasStep step = BlasStep.of(byBlas, 1)) {
      for (int i = 0; i < 2; i++) {
        byFit.fit(batch(i));
        step.fit(batch(i), LABELS);
      }
    }
    assertEachParameterClose(start, byFit, byBlas);
  }

  /**
   * Two replicas normalise each half by its own statistics and move the averages by the mean of the
   * halves' updates, as the SameDiff engine's replicas do.
   */
  @Test
  void replicasOfABatchNormalisedNetworkStepAsTheSameDiffEnginesDo() {
    MultiLayerNetwork bySameDiff =
        network(Architecture.BATCHNORM_VGG, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork byBlas = bySameDiff.clone();
    INDArray start = bySameDiff.params().dup();
    INDArray mean = bySameDiff.getLayer("norm1").getParam("mean").dup();
    try (SameDiffStep sameDiff = SameDiffStep.of(bySameDiff, true, 2);
        BlasStep blas = BlasStep.of(byBlas, 2)) {
      for (int i = 0; i < 2; i++) {
        sameDiff.fit(batch(i), LABELS);
        blas.fit(batch(i), LABELS);
      }
    }
    assertAll(
        () -> assertClose(start, bySameDiff.params(), byBlas.params(), 0.01),
        () -> assertTrue(moved(mean, byBlas.getLayer("norm1").getParam("mean")) > 1e-3));
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void trainsEveryArchitecture(Architecture architecture) {
    assertNull(
        BlasStep.unsupported(
            architecture.configuration(1, 1e-3, architecture.defaultDropoutRate())));
  }

  @Test
  void refusesNetworksWithLayersItDoesNotHave() {
    MultiLayerNetwork fixedGamma =
        small(new BatchNormalization.Builder(true).name("norm1").build());
    MultiLayerNetwork averagePool =
        small(
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .name("pool1")
                .kernelSize(2, 2)
                .stride(2, 2)
                .build());
    MultiLayerNetwork samePool =
        small(
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .name("pool1")
                .kernelSize(2, 2)
                .stride(2, 2)
                .convolutionMode(ConvolutionMode.Same)
                .build());
    MultiLayerNetwork insideDropout =
        small(
            new DenseLayer.Builder()
                .name("dense1")
                .nOut(8)
                .activation(Activation.RELU)
                .dropOut(0.5)
                .build());
    MultiLayerNetwork tanh =
        small(new DenseLayer.Builder().name("dense1").nOut(8).activation(Activation.TANH).build());
    MultiLayerNetwork tanhLayer =
        small(new ActivationLayer.Builder().name("tanh1").activation(Activation.TANH).build());
    MultiLayerNetwork gaussianDropout =
        small(
            new DropoutLayer.Builder(new org.deeplearning4j.nn.conf.dropout.GaussianDropout(0.5))
                .name("drop1")
                .build());

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> BlasStep.of(fixedGamma, 1));
    assertAll(
        () ->
            assertEquals(
                "the BLAS engine cannot train this network: norm1 (BatchNormalization): only batch"
                    + " normalisation with trained gamma and beta, averaging log10 standard"
                    + " deviations (DL4J's default)",
                refused.getMessage()),
        () -> assertEquals("pool1 (SubsamplingLayer): only max pooling", unsupported(averagePool)),
        () ->
            assertEquals(
                "pool1 (SubsamplingLayer): only max pooling, truncated, without padding or"
                    + " dilation",
                unsupported(samePool)),
        () ->
            assertEquals(
                "dense1 (DenseLayer): dropout or weight noise inside a layer",
                unsupported(insideDropout)),
        () ->
            assertEquals(
                "dense1 (DenseLayer): only biased dense layers with ReLU or no activation",
                unsupported(tanh)),
        () ->
            assertEquals(
                "drop1 (DropoutLayer): only plain dropout with a fixed rate",
                unsupported(gaussianDropout)),
        () ->
            assertEquals(
                "tanh1 (ActivationLayer): only ReLU or identity activation layers, without"
                    + " dropout",
                unsupported(tanhLayer)),
        () -> assertThrows(IllegalArgumentException.class, () -> BlasStep.of(tanh, 0)));
  }

  private static String unsupported(MultiLayerNetwork network) {
    return BlasStep.unsupported(network.getLayerWiseConfigurations());
  }

  private static void assertStepsAsFit(MultiLayerNetwork byFit, int steps, double share) {
    MultiLayerNetwork byBlas = byFit.clone();
    INDArray start = byFit.params().dup();
    try (BlasStep step = BlasStep.of(byBlas, 1)) {
      for (int i = 0; i < steps; i++) {
        byFit.fit(batch(i));
        step.fit(batch(i), LABELS);
      }
    }
    assertAll(
        () -> assertEquals(steps, byBlas.getIterationCount()),
        () -> assertClose(start, byFit.params(), byBlas.params(), share));
  }
}
