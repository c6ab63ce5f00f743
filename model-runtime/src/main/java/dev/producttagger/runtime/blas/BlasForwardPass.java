package dev.producttagger.runtime.blas;

import dev.producttagger.runtime.network.ChannelsLast;
import dev.producttagger.runtime.network.ProbeImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A channels-last network's forward pass for small batches: each convolution and dense layer one
 * single-precision matrix product in OpenBLAS (the BLAS ND4J itself ships), the rest in plain Java.
 *
 * <p>Why: at batch 1, DL4J's forward pass costs about twice the arithmetic, because ND4J 1.0.0-M2.1
 * sets each oneDNN convolution up from scratch on every call (memory descriptors, primitive, weight
 * reorder) and every layer adds Java and native-call work of its own
 * (docs/benchmarks/2026-12-speed-log.md). Here the weights are laid out for the product once, when
 * the pass is built, and a call is the arithmetic plus copies. At larger batches oneDNN's kernels
 * win; {@code benchmarks inference} measures both.
 *
 * <p>Built only for the layers it knows, in DL4J's inference semantics: convolutions (any kernel
 * and stride, "same" or "truncate" padding, no dilation), max pooling without padding, batch
 * normalisation, activation and dropout layers (dropout does nothing at inference), dense and
 * output layers, with identity or ReLU activations and a softmax at the end. Whoever serves it must
 * first check it {@link #agreesWith agrees} with the network.
 */
public final class BlasForwardPass {

  private final FeatureShape input;
  private final FeatureShape output;
  private final List<LayerStep> steps;
  private final ConcurrentLinkedDeque<Scratch> idle = new ConcurrentLinkedDeque<>();

  private BlasForwardPass(FeatureShape input, List<LayerStep> steps) {
    this.input = input;
    this.output = steps.get(steps.size() - 1).output();
    this.steps = List.copyOf(steps);
  }

  /**
   * The pass for a channels-last network of {@code side x side} images with {@code channels}
   * channels; empty when the network holds a layer, setting or preprocessor the pass does not know.
   * The pass copies the weights: later changes to the network do not reach it.
   */
  public static Optional<BlasForwardPass> of(MultiLayerNetwork network, int side, int channels) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    FeatureShape input = new FeatureShape(side, side, channels);
    FeatureShape shape = input;
    List<LayerStep> steps = new ArrayList<>();
    int layers = conf.getConfs().size();
    for (int index = 0; index < layers; index++) {
      Optional<FeatureShape> preprocessed = preprocess(conf.getInputPreProcess(index), shape);
      if (preprocessed.isEmpty()) {
        return Optional.empty();
      }
      shape = preprocessed.get();
      Layer layer = conf.getConf(index).getLayer();
      if (layer instanceof DropoutLayer) {
        continue;
      }
      Optional<LayerStep> step = step(layer, network.getLayer(index).paramTable(), shape);
      if (step.isEmpty() || (endsInSoftmax(step.get()) && index < layers - 1)) {
        return Optional.empty();
      }
      steps.add(step.get());
      shape = step.get().output();
    }
    if (steps.isEmpty() || !endsInSoftmax(steps.get(steps.size() - 1))) {
      return Optional.empty();
    }
    return Optional.of(new BlasForwardPass(input, steps));
  }

  /**
   * Row-major {@code [images, classes]} probabilities of {@code images} images given as
   * channels-last floats, the network's input. Safe to call from many threads at once.
   */
  public float[] probabilities(float[] pixels, int images) {
    if (pixels.length != images * input.size()) {
      throw new IllegalArgumentException(
          pixels.length + " floats for " + images + " images of " + input.size());
    }
    Scratch scratch = idle.pollFirst();
    if (scratch == null) {
      scratch = new Scratch();
    }
    try {
      float[] activations = pixels;
      for (LayerStep step : steps) {
        activations = step.apply(activations, images, scratch);
      }
      return Arrays.copyOf(activations, images * output.size());
    } finally {
      idle.push(scratch);
    }
  }

  /**
   * Whether this pass gives {@code network}'s probabilities, within {@link ChannelsLast#AGREEMENT},
   * for a seeded batch of random images: the network it was built from, checked before serving.
   */
  public boolean agreesWith(MultiLayerNetwork network) {
    int images = 4;
    float[] pixels = ProbeImages.random(images * input.size());
    INDArray expected =
        network.output(
            Nd4j.create(
                pixels,
                new long[] {images, input.height(), input.width(), input.channels()},
                DataType.FLOAT),
            false);
    float[] actual = probabilities(pixels, images);
    if (actual.length != expected.length()) {
      return false;
    }
    return expected.equalsWithEps(
        Nd4j.create(actual, expected.shape(), DataType.FLOAT), ChannelsLast.AGREEMENT);
  }

  private static Optional<FeatureShape> preprocess(
      InputPreProcessor preprocessor, FeatureShape shape) {
    if (preprocessor == null) {
      return Optional.of(shape);
    }
    if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten
        && flatten.getFormat() == CNN2DFormat.NHWC
        && flatten.getInputHeight() == shape.height()
        && flatten.getInputWidth() == shape.width()
        && flatten.getNumChannels() == shape.channels()) {
      return Optional.of(FeatureShape.vector(shape.size()));
    }
    return Optional.empty();
  }

  private static boolean endsInSoftmax(LayerStep step) {
    return step instanceof FullyConnected dense && dense.nonlinearity() == Nonlinearity.SOFTMAX;
  }

  private static Optional<LayerStep> step(
      Layer layer, Map<String, INDArray> params, FeatureShape shape) {
    if (layer instanceof ConvolutionLayer convolution) {
      return convolution(convolution, params, shape);
    }
    if (layer instanceof SubsamplingLayer pooling) {
      return maxPooling(pooling, shape);
    }
    if (layer instanceof BatchNormalization batchNorm) {
      return channelAffine(batchNorm, params, shape);
    }
    if (layer instanceof ActivationLayer activation) {
      return Nonlinearity.of(activation.getActivationFn())
          .filter(function -> function != Nonlinearity.SOFTMAX)
          .map(function -> new Elementwise(shape, function));
    }
    if ((layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class)
        && shape.positions() == 1) {
      return fullyConnected((FeedForwardLayer) layer, params, shape);
    }
    return Optional.empty();
  }

  private static Optional<LayerStep> convolution(
      ConvolutionLayer layer, Map<String, INDArray> params, FeatureShape in) {
    // Exactly ConvolutionLayer: its subclasses (depthwise, separable, 1-D, ...) differ.
    if (layer.getClass() != ConvolutionLayer.class
        || layer.getCnn2dDataFormat() != CNN2DFormat.NHWC
        || layer.getNIn() != in.channels()) {
      return Optional.empty();
    }
    Optional<Nonlinearity> function =
        Nonlinearity.of(layer.getActivationFn()).filter(f -> f != Nonlinearity.SOFTMAX);
    Optional<ConvolutionWindow> window = ConvolutionWindow.of(layer, in);
    if (function.isEmpty() || window.isEmpty()) {
      return Optional.empty();
    }
    // DL4J keeps kernels as [filters, channels, rows, columns]; the product wants
    // [rows, columns, channels] x filters, the order of a channels-last patch.
    float[] kernels = floats(params.get(DefaultParamInitializer.WEIGHT_KEY).permute(2, 3, 1, 0));
    return Optional.of(
        new Convolution(
            window.get(),
            new WeightMatrix(kernels, window.get().depth(), (int) layer.getNOut()),
            bias(layer.hasBias(), params),
            function.get()));
  }

  private static Optional<LayerStep> maxPooling(SubsamplingLayer layer, FeatureShape in) {
    int[] kernel = layer.getKernelSize();
    int[] stride = layer.getStride();
    int[] padding = layer.getPadding();
    int[] dilation = layer.getDilation();
    if (layer.getClass() != SubsamplingLayer.class
        || layer.getPoolingType() != PoolingType.MAX
        || layer.getCnn2dDataFormat() != CNN2DFormat.NHWC
        || layer.getConvolutionMode() != ConvolutionMode.Truncate
        || padding[0] != 0
        || padding[1] != 0
        || dilation[0] != 1
        || dilation[1] != 1
        || kernel[0] > in.height()
        || kernel[1] > in.width()) {
      return Optional.empty();
    }
    FeatureShape out =
        new FeatureShape(
            (in.height() - kernel[0]) / stride[0] + 1,
            (in.width() - kernel[1]) / stride[1] + 1,
            in.channels());
    return Optional.of(new MaxPooling(in, out, kernel[0], kernel[1], stride[0], stride[1]));
  }

  /**
   * DL4J's inference: {@code (x - mean) / sqrt(variance + eps) * gamma + beta}, with the variance
   * stored as {@code log10} of the standard deviation when the layer says so. DL4J's layer applies
   * no activation, whatever its configuration names (sigmoid by the builder's default).
   */
  private static Optional<LayerStep> channelAffine(
      BatchNormalization layer, Map<String, INDArray> params, FeatureShape in) {
    if ((in.positions() > 1 && layer.getCnn2DFormat() != CNN2DFormat.NHWC)
        || layer.getNOut() != in.channels()) {
      return Optional.empty();
    }
    int channels = in.channels();
    float[] mean = floats(params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN));
    float[] spread =
        floats(
            params.get(
                layer.isUseLogStd()
                    ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR));
    float[] gamma =
        layer.isLockGammaBeta()
            ? filled(channels, layer.getGamma())
            : floats(params.get(BatchNormalizationParamInitializer.GAMMA));
    float[] beta =
        layer.isLockGammaBeta()
            ? filled(channels, layer.getBeta())
            : floats(params.get(BatchNormalizationParamInitializer.BETA));
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double variance =
          layer.isUseLogStd() ? Math.pow(Math.pow(10, spread[c]), 2) : (double) spread[c];
      scale[c] = (float) (gamma[c] / Math.sqrt(variance + layer.getEps()));
      shift[c] = (float) (beta[c] - mean[c] * (double) scale[c]);
    }
    return Optional.of(new ChannelAffine(in, scale, shift));
  }

  private static Optional<LayerStep> fullyConnected(
      FeedForwardLayer layer, Map<String, INDArray> params, FeatureShape in) {
    boolean hasBias =
        layer instanceof DenseLayer dense ? dense.hasBias() : ((OutputLayer) layer).hasBias();
    Optional<Nonlinearity> function = Nonlinearity.of(layer.getActivationFn());
    if (function.isEmpty() || layer.getNIn() != in.size()) {
      return Optional.empty();
    }
    int outputs = (int) layer.getNOut();
    float[] weights = floats(params.get(DefaultParamInitializer.WEIGHT_KEY));
    return Optional.of(
        new FullyConnected(
            in,
            FeatureShape.vector(outputs),
            new WeightMatrix(weights, in.size(), outputs),
            bias(hasBias, params),
            function.get()));
  }

  private static float[] bias(boolean hasBias, Map<String, INDArray> params) {
    return hasBias ? floats(params.get(DefaultParamInitializer.BIAS_KEY)) : null;
  }

  /** The array's values in row-major order, as floats, copied. */
  private static float[] floats(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  private static float[] filled(int length, double value) {
    float[] values = new float[length];
    Arrays.fill(values, (float) value);
    return values;
  }
}
