package dev.producttagger.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

class ArchitectureTest {

  @Test
  void paperBaselineHasThePapersLayersShapesAndParameterCounts() {
    assertLayers(
        Architecture.PAPER_BASELINE,
        241_546,
        "conv1 ConvolutionLayer 32x26x26 320",
        "pool1 SubsamplingLayer 32x13x13 0",
        "conv2 ConvolutionLayer 64x11x11 18496",
        "pool2 SubsamplingLayer 64x5x5 0",
        "conv3 ConvolutionLayer 128x3x3 73856",
        "dense1 DenseLayer 128 147584",
        "output OutputLayer 10 1290");
  }

  @Test
  void paperDropoutAddsDropoutAfterEachConvolutionBlockAndTheDenseLayer() {
    assertLayers(
        Architecture.PAPER_DROPOUT,
        241_546,
        "conv1 ConvolutionLayer 32x26x26 320",
        "pool1 SubsamplingLayer 32x13x13 0",
        "dropout1 DropoutLayer 32x13x13 0",
        "conv2 ConvolutionLayer 64x11x11 18496",
        "pool2 SubsamplingLayer 64x5x5 0",
        "dropout2 DropoutLayer 64x5x5 0",
        "conv3 ConvolutionLayer 128x3x3 73856",
        "dropout3 DropoutLayer 128x3x3 0",
        "dense1 DenseLayer 128 147584",
        "dropout4 DropoutLayer 128 0",
        "output OutputLayer 10 1290");
  }

  @Test
  void batchNormCnnStaysUnderHalfAMillionParameters() {
    assertLayers(
        Architecture.BATCHNORM_CNN,
        376_586,
        "conv1 ConvolutionLayer 32x28x28 320",
        "norm1 BatchNormalization 32x28x28 128",
        "relu1 ActivationLayer 32x28x28 0",
        "pool1 SubsamplingLayer 32x14x14 0",
        "conv2 ConvolutionLayer 64x12x12 18496",
        "norm2 BatchNormalization 64x12x12 256",
        "relu2 ActivationLayer 64x12x12 0",
        "pool2 SubsamplingLayer 64x6x6 0",
        "dropout1 DropoutLayer 64x6x6 0",
        "conv3 ConvolutionLayer 128x4x4 73856",
        "norm3 BatchNormalization 128x4x4 512",
        "relu3 ActivationLayer 128x4x4 0",
        "conv4 ConvolutionLayer 128x4x4 147584",
        "norm4 BatchNormalization 128x4x4 512",
        "relu4 ActivationLayer 128x4x4 0",
        "pool3 SubsamplingLayer 128x2x2 0",
        "dropout2 DropoutLayer 128x2x2 0",
        "dense1 DenseLayer 256 131328",
        "norm5 BatchNormalization 256 1024",
        "relu5 ActivationLayer 256 0",
        "dropout3 DropoutLayer 256 0",
        "output OutputLayer 10 2570");
  }

  @Test
  void batchNormVggStaysUnderHalfAMillionParameters() {
    assertLayers(
        Architecture.BATCHNORM_VGG,
        429_514,
        "conv1 ConvolutionLayer 32x28x28 320",
        "norm1 BatchNormalization 32x28x28 128",
        "relu1 ActivationLayer 32x28x28 0",
        "pool1 SubsamplingLayer 32x14x14 0",
        "conv2 ConvolutionLayer 64x14x14 18496",
        "norm2 BatchNormalization 64x14x14 256",
        "relu2 ActivationLayer 64x14x14 0",
        "conv3 ConvolutionLayer 64x14x14 36928",
        "norm3 BatchNormalization 64x14x14 256",
        "relu3 ActivationLayer 64x14x14 0",
        "pool2 SubsamplingLayer 64x7x7 0",
        "dropout1 DropoutLayer 64x7x7 0",
        "conv4 ConvolutionLayer 128x7x7 73856",
        "norm4 BatchNormalization 128x7x7 512",
        "relu4 ActivationLayer 128x7x7 0",
        "pool3 SubsamplingLayer 128x3x3 0",
        "dropout2 DropoutLayer 128x3x3 0",
        "dense1 DenseLayer 256 295168",
        "norm5 BatchNormalization 256 1024",
        "relu5 ActivationLayer 256 0",
        "dropout3 DropoutLayer 256 0",
        "output OutputLayer 10 2570");
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void theSameSeedGivesTheSameInitialWeightsAndAnotherSeedOthers(Architecture architecture) {
    double dropout = architecture.defaultDropoutRate();
    INDArray first = architecture.newNetwork(5, 1e-3, dropout).params();
    assertEquals(first, architecture.newNetwork(5, 1e-3, dropout).params());
    assertNotEquals(first, architecture.newNetwork(6, 1e-3, dropout).params());
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void mapsABatchOfImagesToClassProbabilities(Architecture architecture) {
    MultiLayerNetwork network = architecture.newNetwork(1, 1e-3, architecture.defaultDropoutRate());
    INDArray output = network.output(Nd4j.rand(new int[] {3, 1, 28, 28}), false);
    assertEquals(List.of(3L, 10L), Arrays.stream(output.shape()).boxed().toList());
    for (double rowSum : output.sum(1).toDoubleVector()) {
      assertEquals(1.0, rowSum, 1e-5);
    }
  }

  @Test
  void dropoutLayersDropTheConfiguredRate() {
    MultiLayerNetwork network = Architecture.PAPER_DROPOUT.newNetwork(1, 1e-3, 0.4);
    DropoutLayer dropout = (DropoutLayer) network.getLayer("dropout1").conf().getLayer();
    // DL4J configures the probability of keeping an activation.
    assertEquals(
        0.6, ((org.deeplearning4j.nn.conf.dropout.Dropout) dropout.getIDropout()).getP(), 1e-12);
  }

  @Test
  void weightDecayShrinksEachWeightByTheLearningRateTimesTheDecayAfterAdamsStep() {
    double learningRate = 0.01;
    double weightDecay = 0.1;
    MultiLayerNetwork plain = Architecture.PAPER_BASELINE.newNetwork(3, learningRate, 0);
    MultiLayerNetwork decayed =
        Architecture.PAPER_BASELINE.newNetwork(3, Optimizer.ADAM, learningRate, 0, weightDecay);
    INDArray initial = plain.params().dup();
    DataSet batch =
        new DataSet(
            Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28),
            Nd4j.eye(LabelledImages.CLASS_COUNT)
                .getRows(0, 1, 2, 3, 4, 5, 6, 7)
                .castTo(DataType.FLOAT));

    plain.fit(batch);
    decayed.fit(batch);

    for (String layer : List.of("conv1", "conv2", "conv3", "dense1", "output")) {
      INDArray initialWeights = initialParameter(plain, initial, layer, "W");
      INDArray expected =
          plain.getLayer(layer).getParam("W").sub(initialWeights.mul(learningRate * weightDecay));
      assertTrue(
          expected.equalsWithEps(decayed.getLayer(layer).getParam("W"), 1e-6), layer + " weights");
      assertEquals(
          plain.getLayer(layer).getParam("b"), decayed.getLayer(layer).getParam("b"), layer);
    }
  }

  @Test
  void weightDecaySparesBiasesAndBatchNormalisation() {
    MultiLayerNetwork network =
        Architecture.BATCHNORM_VGG.newNetwork(1, Optimizer.ADAM, 1e-3, 0.25, 0.05);
    assertEquals(
        List.of(new WeightDecay(0.05, true)),
        network.getLayer("conv1").conf().getLayer().getRegularizationByParam("W"));
    for (String parameter : List.of("gamma", "beta")) {
      List<Regularization> regularization =
          network.getLayer("norm1").conf().getLayer().getRegularizationByParam(parameter);
      assertTrue(regularization == null || regularization.isEmpty(), parameter + regularization);
    }
    List<Regularization> bias =
        network.getLayer("conv1").conf().getLayer().getRegularizationByParam("b");
    assertTrue(bias == null || bias.isEmpty(), "bias " + bias);
  }

  @Test
  void nesterovStepsEveryLayerWithMomentumAtTheGivenRate() {
    MultiLayerNetwork network =
        Architecture.PAPER_DROPOUT.newNetwork(1, Optimizer.NESTEROV, 0.05, 0.1, 5e-4);
    for (String layer : List.of("conv1", "conv2", "conv3", "dense1", "output")) {
      for (String parameter : List.of("W", "b")) {
        assertEquals(
            new Nesterovs(0.05, 0.9),
            network.getLayer(layer).conf().getLayer().getUpdaterByParam(parameter),
            layer + " " + parameter);
      }
    }
    assertEquals(
        List.of(new WeightDecay(5e-4, true)),
        network.getLayer("dense1").conf().getLayer().getRegularizationByParam("W"));
  }

  @Test
  void adamIsThePapersOptimizer() {
    assertEquals(
        new Adam(1e-3),
        Architecture.PAPER_BASELINE
            .newNetwork(1, 1e-3, 0)
            .getLayer("conv1")
            .conf()
            .getLayer()
            .getUpdaterByParam("W"));
  }

  @Test
  void refusesAWeightDecayOutsideZeroToOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Architecture.PAPER_DROPOUT.configuration(1, Optimizer.ADAM, 1e-3, 0.3, -0.01));
    assertThrows(
        IllegalArgumentException.class,
        () -> Architecture.PAPER_DROPOUT.configuration(1, Optimizer.ADAM, 1e-3, 0.3, 1.0));
  }

  /** A layer's parameter as it was in {@code parameters}, the network's flattened parameters. */
  private static INDArray initialParameter(
      MultiLayerNetwork network, INDArray parameters, String layer, String parameter) {
    MultiLayerNetwork copy = network.clone();
    copy.setParams(parameters);
    return copy.getLayer(layer).getParam(parameter);
  }

  @Test
  void theBaselineRefusesADropoutRate() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Architecture.PAPER_BASELINE.configuration(1, 1e-3, 0.3));
    assertThrows(
        IllegalArgumentException.class,
        () -> Architecture.PAPER_DROPOUT.configuration(1, 1e-3, 1.0));
  }

  @Test
  void theLayerTablePrintsShapesAndTheTotal() {
    String table =
        LayerShape.table(LayerShape.of(Architecture.PAPER_BASELINE.newNetwork(1, 1e-3, 0)));
    assertTrue(table.contains("32x26x26") && table.endsWith("total parameters: 241,546"), table);
  }

  private static void assertLayers(
      Architecture architecture, long totalParameters, String... expected) {
    MultiLayerNetwork network = architecture.newNetwork(1, 1e-3, architecture.defaultDropoutRate());
    List<LayerShape> layers = LayerShape.of(network);
    List<String> actual =
        layers.stream()
            .map(
                layer ->
                    layer.name()
                        + " "
                        + layer.type()
                        + " "
                        + layer.outputShape().stream()
                            .map(String::valueOf)
                            .collect(Collectors.joining("x"))
                        + " "
                        + layer.parameters())
            .toList();
    assertEquals(List.of(expected), actual);
    assertEquals(totalParameters, network.numParams());
    assertTrue(totalParameters < 500_000);
  }
}
