package dev.producttagger.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.TestModels;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
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

class ChannelsLastTest {

  @Test
  void theTwinGivesTheSameProbabilitiesOnChannelsLastImages() {
    MultiLayerNetwork channelsFirst = withRandomWeights(network(CNN2DFormat.NCHW, false), 5);

    MultiLayerNetwork twin = ChannelsLast.of(channelsFirst).orElseThrow();

    INDArray images = images(16, 6);
    INDArray expected = channelsFirst.output(images, false);
    INDArray actual = twin.output(images.reshape(16, 28, 28, 1), false);
    assertTrue(
        expected.equalsWithEps(actual, 1e-5),
        "largest difference " + expected.sub(actual).amaxNumber());
    assertTrue(ChannelsLast.agree(channelsFirst, twin, 28));
    ConvolutionLayer first =
        (ConvolutionLayer) twin.getLayerWiseConfigurations().getConf(0).getLayer();
    assertEquals(CNN2DFormat.NHWC, first.getCnn2dDataFormat());
  }

  @Test
  void theTwinOwnsItsWeights() {
    MultiLayerNetwork channelsFirst = withRandomWeights(network(CNN2DFormat.NCHW, false), 7);
    MultiLayerNetwork twin = ChannelsLast.of(channelsFirst).orElseThrow();
    INDArray images = images(4, 8);
    INDArray before = twin.output(images.reshape(4, 28, 28, 1), false);

    channelsFirst.params().assign(0);

    assertEquals(before, twin.output(images.reshape(4, 28, 28, 1), false));
  }

  @Test
  void twinsThatDisagreeAreToldApart() {
    MultiLayerNetwork channelsFirst = withRandomWeights(network(CNN2DFormat.NCHW, false), 9);
    MultiLayerNetwork twin = ChannelsLast.of(channelsFirst).orElseThrow();

    // The first dense layer's rows back in channels-first order: the reordering it needs, undone.
    twin.setParams(channelsFirst.params().dup());

    assertFalse(ChannelsLast.agree(channelsFirst, twin, 28));
    INDArray probabilities = channelsFirst.output(images(4, 10), false);
    assertTrue(
        probabilities.maxNumber().doubleValue() < 0.99,
        "saturated probabilities would agree whatever the weights: " + probabilities);
  }

  @Test
  void aNetworkThatIsChannelsLastAlreadyIsLeftAlone() {
    assertEquals(Optional.empty(), ChannelsLast.of(network(CNN2DFormat.NHWC, false)));
  }

  @Test
  void aNetworkWithALayerItDoesNotKnowIsLeftAlone() {
    assertEquals(Optional.empty(), ChannelsLast.of(network(CNN2DFormat.NCHW, true)));
  }

  @Test
  void aNetworkWithoutImagesIsLeftAlone() {
    MultiLayerConfiguration dense =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
            .layer(output())
            .setInputType(InputType.feedForward(784))
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(dense);
    network.init();

    assertEquals(Optional.empty(), ChannelsLast.of(network));
  }

  /**
   * Convolution, pooling, batch normalisation, convolution without padding (so the flattened image
   * is not square in channels), dropout, dense, output; or, with {@code globalPooling}, a layer the
   * conversion does not know in place of the flattening.
   */
  private static MultiLayerNetwork network(CNN2DFormat format, boolean globalPooling) {
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
            .layer(
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2)
                    .stride(2, 2)
                    .build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
            .layer(new DropoutLayer.Builder(0.5).build());
    if (globalPooling) {
      layers.layer(new GlobalPoolingLayer.Builder().build());
    }
    MultiLayerConfiguration conf =
        layers
            .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build())
            .layer(output())
            .setInputType(InputType.convolutional(28, 28, 1, format))
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  private static OutputLayer output() {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(10)
        .activation(Activation.SOFTMAX)
        .build();
  }

  private static INDArray images(int count, long seed) {
    return Nd4j.create(
        TestModels.randomPixels(count * 784, seed), new long[] {count, 1, 28, 28}, DataType.FLOAT);
  }

  private static MultiLayerNetwork withRandomWeights(MultiLayerNetwork network, long seed) {
    return TestModels.withRandomWeights(network, seed, 0.2f);
  }
}
