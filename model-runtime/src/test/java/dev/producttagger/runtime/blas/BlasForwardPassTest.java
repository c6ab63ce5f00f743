package dev.producttagger.runtime.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class BlasForwardPassTest {

  private static final int SIDE = 28;

  @Test
  void thePaperCnnGivesDl4jsProbabilities() {
    MultiLayerNetwork network =
        withRandomWeights(
            network(
                list ->
                    list.layer(conv(32, ConvolutionMode.Truncate, Activation.RELU))
                        .layer(maxPool(2, 2))
                        .layer(new DropoutLayer.Builder(0.7).build())
                        .layer(conv(64, ConvolutionMode.Truncate, Activation.RELU))
                        .layer(maxPool(2, 2))
                        .layer(conv(128, ConvolutionMode.Truncate, Activation.RELU))
                        .layer(
                            new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                        .layer(output())),
            1);

    assertSameAsDl4j(network, 1, 2, 5);
  }

  @Test
  void batchNormalisedSamePaddedConvolutionsGiveDl4jsProbabilities() {
    for (boolean logStd : new boolean[] {true, false}) {
      MultiLayerNetwork network =
          withRandomWeights(
              network(
                  list ->
                      list.layer(conv(8, ConvolutionMode.Same, Activation.IDENTITY))
                          .layer(batchNorm(logStd).build())
                          .layer(relu())
                          .layer(maxPool(2, 2))
                          .layer(conv(12, ConvolutionMode.Same, Activation.IDENTITY))
                          .layer(batchNorm(logStd).build())
                          .layer(relu())
                          .layer(maxPool(3, 2))
                          .layer(
                              new DenseLayer.Builder()
                                  .nOut(16)
                                  .activation(Activation.IDENTITY)
                                  .build())
                          .layer(batchNorm(logStd).build())
                          .layer(relu())
                          .layer(output())),
              2);

      assertSameAsDl4j(network, 1, 3);
    }
  }

  @Test
  void stridesOddKernelsMissingBiasesAndFixedGammaGiveDl4jsProbabilities() {
    MultiLayerNetwork network =
        withRandomWeights(
            network(
                list ->
                    list.layer(
                            new ConvolutionLayer.Builder(5, 3)
                                .nOut(6)
                                .stride(2, 3)
                                .convolutionMode(ConvolutionMode.Same)
                                .activation(Activation.RELU)
                                .build())
                        .layer(
                            new ConvolutionLayer.Builder(3, 3)
                                .nOut(5)
                                .stride(2, 1)
                                .padding(1, 2)
                                .hasBias(false)
                                .activation(Activation.RELU)
                                .build())
                        .layer(batchNorm(true).lockGammaBeta(true).gamma(1.5).beta(-0.2).build())
                        .layer(
                            new DenseLayer.Builder()
                                .nOut(7)
                                .hasBias(false)
                                .activation(Activation.IDENTITY)
                                .build())
                        .layer(output())),
            3);

    assertSameAsDl4j(network, 1, 4);
  }

  @Test
  void layersItDoesNotKnowLeaveNoPass() {
    assertUnsupported(list -> list.layer(conv(4, ConvolutionMode.Truncate, Activation.LEAKYRELU)));
    assertUnsupported(
        list ->
            list.layer(
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                    .kernelSize(2, 2)
                    .stride(2, 2)
                    .build()));
    assertUnsupported(
        list ->
            list.layer(
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(4)
                    .dilation(2, 2)
                    .activation(Activation.RELU)
                    .build()));
    assertUnsupported(
        list ->
            list.layer(conv(4, ConvolutionMode.Truncate, Activation.RELU))
                .layer(new GlobalPoolingLayer.Builder().build()));
    assertUnsupported(list -> list.layer(conv(4, ConvolutionMode.Truncate, Activation.SOFTMAX)));
  }

  @Test
  void aChannelsFirstNetworkLeavesNoPass() {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(conv(4, ConvolutionMode.Truncate, Activation.RELU))
            .layer(output());
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            list.setInputType(InputType.convolutional(SIDE, SIDE, 1, CNN2DFormat.NCHW)).build());
    network.init();

    assertEquals(Optional.empty(), BlasForwardPass.of(network, SIDE, 1));
  }

  @Test
  void aNetworkWithoutItsSoftmaxLastLeavesNoPass() {
    assertUnsupported(
        list ->
            list.layer(conv(4, ConvolutionMode.Truncate, Activation.RELU))
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.SOFTMAX).build()));
    assertNoPass(
        list ->
            list.layer(conv(4, ConvolutionMode.Truncate, Activation.RELU))
                .layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nOut(10)
                        .activation(Activation.IDENTITY)
                        .build()));
  }

  @Test
  void aPassNoLongerLikeItsNetworkIsToldApart() {
    MultiLayerNetwork network = convPoolOutput(4, ConvolutionMode.Truncate, 4);
    BlasForwardPass pass = BlasForwardPass.of(network, SIDE, 1).orElseThrow();
    assertTrue(pass.agreesWith(network));

    network.params().muli(1.5);

    assertFalse(pass.agreesWith(network), "the pass keeps its own copy of the old weights");
  }

  @Test
  void aBatchOfTheWrongSizeIsRefused() {
    MultiLayerNetwork network =
        network(
            list -> list.layer(conv(4, ConvolutionMode.Truncate, Activation.RELU)).layer(output()));
    BlasForwardPass pass = BlasForwardPass.of(network, SIDE, 1).orElseThrow();

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> pass.probabilities(new float[SIDE * SIDE + 1], 1));
    assertEquals("785 floats for 1 images of 784", refused.getMessage());
  }

  @Test
  void callersOnManyThreadsAtOnceGetTheirOwnAnswers() throws Exception {
    MultiLayerNetwork network = convPoolOutput(8, ConvolutionMode.Same, 5);
    BlasForwardPass pass = BlasForwardPass.of(network, SIDE, 1).orElseThrow();
    List<float[]> batches = new ArrayList<>();
    List<float[]> alone = new ArrayList<>();
    for (int b = 0; b < 12; b++) {
      // Batches of different sizes, so buffers grow while other threads use theirs.
      int images = 1 + b % 4;
      batches.add(images(images, b));
      alone.add(pass.probabilities(batches.get(b), images));
    }

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        List<Future<float[]>> answers = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
          float[] batch = batches.get(b);
          int images = 1 + b % 4;
          answers.add(threads.submit(() -> pass.probabilities(batch, images)));
        }
        for (int b = 0; b < batches.size(); b++) {
          assertArrayEquals(alone.get(b), answers.get(b).get(), "batch " + b);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** The pass's probabilities against DL4J's own for random images, batch by batch. */
  private static void assertSameAsDl4j(MultiLayerNetwork network, int... batchSizes) {
    BlasForwardPass pass = BlasForwardPass.of(network, SIDE, 1).orElseThrow();
    for (int images : batchSizes) {
      float[] pixels = images(images, images);
      INDArray expected =
          network.output(
              Nd4j.create(pixels, new long[] {images, SIDE, SIDE, 1}, DataType.FLOAT), false);
      float[] wanted = expected.data().asFloat();
      assertTrue(maxOf(wanted) < 0.99, "saturated probabilities would agree whatever the weights");

      assertArrayEquals(wanted, pass.probabilities(pixels, images), 1e-5f, "batch of " + images);
    }
    assertTrue(pass.agreesWith(network));
  }

  /** No pass for these layers followed by a softmax output layer. */
  private static void assertUnsupported(UnaryOperator<NeuralNetConfiguration.ListBuilder> layers) {
    assertNoPass(list -> layers.apply(list).layer(output()));
  }

  private static void assertNoPass(UnaryOperator<NeuralNetConfiguration.ListBuilder> layers) {
    assertEquals(Optional.empty(), BlasForwardPass.of(network(layers), SIDE, 1));
  }

  private static MultiLayerNetwork network(
      UnaryOperator<NeuralNetConfiguration.ListBuilder> layers) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).list();
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            layers
                .apply(list)
                .setInputType(InputType.convolutional(SIDE, SIDE, 1, CNN2DFormat.NHWC))
                .build());
    network.init();
    return network;
  }

  private static ConvolutionLayer conv(int filters, ConvolutionMode mode, Activation activation) {
    return new ConvolutionLayer.Builder(3, 3)
        .nOut(filters)
        .convolutionMode(mode)
        .activation(activation)
        .build();
  }

  private static SubsamplingLayer maxPool(int kernel, int stride) {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(kernel, kernel)
        .stride(stride, stride)
        .build();
  }

  private static BatchNormalization.Builder batchNorm(boolean logStd) {
    return new BatchNormalization.Builder().useLogStd(logStd);
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  private static OutputLayer output() {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(10)
        .activation(Activation.SOFTMAX)
        .build();
  }

  private static MultiLayerNetwork withRandomWeights(MultiLayerNetwork network, long seed) {
    return TestModels.withRandomWeights(network, seed, 0.4f);
  }

  private static float[] images(int count, long seed) {
    return TestModels.randomPixels(count * SIDE * SIDE, seed);
  }

  /** Convolution, max pooling, softmax output. */
  private static MultiLayerNetwork convPoolOutput(int filters, ConvolutionMode mode, long seed) {
    return withRandomWeights(
        network(
            list ->
                list.layer(conv(filters, mode, Activation.RELU))
                    .layer(maxPool(2, 2))
                    .layer(output())),
        seed);
  }

  private static float maxOf(float[] values) {
    float largest = Float.NEGATIVE_INFINITY;
    for (float value : values) {
      largest = Math.max(largest, value);
    }
    return largest;
  }
}
