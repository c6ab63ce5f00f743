package dev.producttagger.runtime.network;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same network with its image activations laid out channels last (NHWC) instead of channels
 * first (NCHW), for serving.
 *
 * <p>Why: ND4J's oneDNN build runs pooling and batch normalisation on channels-first data through
 * oneDNN's generic reference kernels, one call per output element; on channels-last data it uses
 * its vectorised kernels. {@code tagger benchmark-inference} measures both layouts side by side.
 *
 * <p>Convolution, pooling and batch-normalisation weights do not depend on the layout, so they
 * carry over unchanged. Only the flattening before the first dense layer differs: channels first
 * flattens (channel, row, column), channels last (row, column, channel), so that layer's input rows
 * are reordered to match. Networks with any other layer or preprocessor are not converted.
 */
public final class ChannelsLast {

  private static final Set<Class<? extends Layer>> CONVERTIBLE_LAYERS =
      Set.of(
          ConvolutionLayer.class,
          SubsamplingLayer.class,
          BatchNormalization.class,
          DropoutLayer.class,
          ActivationLayer.class,
          DenseLayer.class,
          OutputLayer.class);

  /** Largest difference in any probability still counted as the same answer. */
  public static final double AGREEMENT = 1e-4;

  private ChannelsLast() {}

  /**
   * The channels-last twin of a channels-first network, with its own copy of the weights; empty
   * when the network holds a layer or preprocessor this conversion does not know, or is channels
   * last already.
   */
  public static Optional<MultiLayerNetwork> of(MultiLayerNetwork channelsFirst) {
    MultiLayerConfiguration conf = channelsFirst.getLayerWiseConfigurations().clone();
    if (conf.getInputPreProcessors().size() != 1) {
      return Optional.empty();
    }
    Map.Entry<Integer, InputPreProcessor> only =
        conf.getInputPreProcessors().entrySet().iterator().next();
    int flattenedBefore = only.getKey();
    // One flattening, from channels-first images into a layer with [inputs, outputs] weights.
    if (!(only.getValue() instanceof CnnToFeedForwardPreProcessor flatten)
        || flatten.getFormat() != CNN2DFormat.NCHW
        || !isDense(conf.getConf(flattenedBefore).getLayer())) {
      return Optional.empty();
    }
    flatten.setFormat(CNN2DFormat.NHWC);
    for (int index = 0; index < conf.getConfs().size(); index++) {
      Layer layer = conf.getConf(index).getLayer();
      boolean imageLayer = index < flattenedBefore;
      if (!CONVERTIBLE_LAYERS.contains(layer.getClass())
          || (imageLayer && !toChannelsLast(layer))) {
        return Optional.empty();
      }
    }
    MultiLayerNetwork channelsLast = new MultiLayerNetwork(conf);
    channelsLast.init(channelsFirst.params().dup(), false);
    INDArray weights =
        channelsFirst.getLayer(flattenedBefore).getParam(DefaultParamInitializer.WEIGHT_KEY);
    channelsLast
        .getLayer(flattenedBefore)
        .setParam(DefaultParamInitializer.WEIGHT_KEY, channelsLastRows(weights, flatten));
    return Optional.of(channelsLast);
  }

  private static boolean isDense(Layer layer) {
    return layer instanceof DenseLayer || layer instanceof OutputLayer;
  }

  /**
   * Switches an image layer from channels first to channels last; false for a layer that is not
   * channels first, or a dense layer fed images without a flattening step.
   */
  private static boolean toChannelsLast(Layer layer) {
    if (layer instanceof ConvolutionLayer convolution) {
      if (convolution.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
        return false;
      }
      convolution.setCnn2dDataFormat(CNN2DFormat.NHWC);
    } else if (layer instanceof SubsamplingLayer pooling) {
      if (pooling.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
        return false;
      }
      pooling.setCnn2dDataFormat(CNN2DFormat.NHWC);
    } else if (layer instanceof BatchNormalization batchNorm) {
      if (batchNorm.getCnn2DFormat() != CNN2DFormat.NCHW) {
        return false;
      }
      batchNorm.setCnn2DFormat(CNN2DFormat.NHWC);
    }
    return !isDense(layer);
  }

  /**
   * Whether the two networks give the same probabilities, within float rounding, for a seeded batch
   * of random images of {@code side} x {@code side} pixels, one channel.
   */
  public static boolean agree(
      MultiLayerNetwork channelsFirst, MultiLayerNetwork channelsLast, int side) {
    int images = 4;
    float[] values = ProbeImages.random(images * side * side);
    INDArray pixels = Nd4j.create(values, new long[] {images, 1, side, side}, DataType.FLOAT);
    INDArray expected = channelsFirst.output(pixels, false);
    INDArray actual = channelsLast.output(pixels.reshape(images, side, side, 1), false);
    return expected.equalsWithEps(actual, AGREEMENT);
  }

  /**
   * The [channels x rows x columns, outputs] weights with their rows in (row, column, channel)
   * order.
   */
  private static INDArray channelsLastRows(INDArray weights, CnnToFeedForwardPreProcessor flatten) {
    long channels = flatten.getNumChannels();
    long rows = flatten.getInputHeight();
    long columns = flatten.getInputWidth();
    long outputs = weights.size(1);
    return weights
        .reshape('c', channels, rows, columns, outputs)
        .permute(1, 2, 0, 3)
        .dup('c')
        .reshape('c', rows * columns * channels, outputs);
  }
}
