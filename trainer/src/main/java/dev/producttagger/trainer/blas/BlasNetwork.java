package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.ConvolutionWindow;
import dev.producttagger.runtime.blas.FeatureShape;
import dev.producttagger.trainer.model.TrainingInput;
import dev.producttagger.trainer.step.LayerSupport;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network's training forward and backward pass, channels last, with every convolution and
 * dense layer as OpenBLAS matrix products and the rest in plain Java: one replica's worth of
 * buffers, for one minibatch part at a time. It reads the weights from, and writes the gradient
 * into, arrays laid out as the network's flattened parameters, so the network's own updater takes
 * the step. The layers of every architecture the trainer has: biased convolutions ("same" or
 * "truncate") and dense layers with ReLU or no activation, batch normalisation, ReLU activation
 * layers, max pooling without padding, plain dropout layers, and a last softmax layer trained with
 * cross-entropy; {@link #unsupported} names anything else.
 */
final class BlasNetwork {

  /** One minibatch part's summed cross-entropy and its probabilities, row-major. */
  record Part(double loss, float[] probabilities) {}

  private final List<TrainingLayer> layers;
  private final List<InvertedDropout> dropouts;
  private final FeatureShape input;
  private final int classes;
  private float[] probabilities = new float[0];

  private BlasNetwork(List<TrainingLayer> layers, FeatureShape input) {
    this.layers = List.copyOf(layers);
    this.dropouts =
        layers.stream()
            .filter(InvertedDropout.class::isInstance)
            .map(InvertedDropout.class::cast)
            .toList();
    this.input = input;
    this.classes = layers.get(layers.size() - 1).output().size();
  }

  /** The network's dropout layers, in order: each part needs a mask for each. */
  List<InvertedDropout> dropouts() {
    return dropouts;
  }

  /** The layers this engine trains: its convolutions any "same" or "truncate" ones. */
  private static final LayerSupport SUPPORT =
      new LayerSupport(
          "the BLAS engine",
          convolution ->
              LayerSupport.ones(convolution.getDilation())
                      && (convolution.getConvolutionMode() == ConvolutionMode.Same
                          || convolution.getConvolutionMode() == ConvolutionMode.Truncate)
                  ? null
                  : "only convolutions, same or truncated, without dilation",
          pool ->
              pool.getConvolutionMode() == ConvolutionMode.Truncate
                      && pool.getPadding()[0] == 0
                      && pool.getPadding()[1] == 0
                      && LayerSupport.ones(pool.getDilation())
                  ? null
                  : "only max pooling, truncated, without padding or dilation");

  /** What keeps {@code configuration} from being trained here, or null when nothing does. */
  static String unsupported(MultiLayerConfiguration configuration) {
    return SUPPORT.unsupported(configuration);
  }

  /**
   * The pass of {@code network}, which must take {@link TrainingInput} and pass {@link
   * #unsupported}.
   */
  static BlasNetwork of(MultiLayerNetwork network) {
    MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
    String problem = unsupported(configuration);
    if (problem != null) {
      throw new IllegalArgumentException("the BLAS engine cannot train this network: " + problem);
    }
    FeatureShape input =
        new FeatureShape(TrainingInput.HEIGHT, TrainingInput.WIDTH, TrainingInput.CHANNELS);
    FeatureShape shape = input;
    List<TrainingLayer> layers = new ArrayList<>();
    for (int i = 0; i < configuration.getConfs().size(); i++) {
      if (configuration.getInputPreProcess(i) != null) {
        layers.add(new Flatten(shape));
        shape = layers.get(layers.size() - 1).output();
      }
      Layer layer = configuration.getConf(i).getLayer();
      TrainingLayer next;
      if (layer instanceof DropoutLayer) {
        next = new InvertedDropout(shape, ((Dropout) layer.getIDropout()).getP());
      } else if (layer instanceof ActivationLayer activation) {
        if (!LayerSupport.rectifies(activation.getActivationFn())) {
          continue;
        }
        next = new Rectifier(shape, !pooledNext(configuration, i));
      } else if (layer instanceof BatchNormalization normalisation) {
        next =
            new BatchNormalisation(
                shape,
                normalisation.getEps(),
                normalisation.getDecay(),
                new BatchNormalisation.Offsets(
                    offset(network, i, BatchNormalizationParamInitializer.GAMMA),
                    offset(network, i, BatchNormalizationParamInitializer.BETA),
                    offset(network, i, BatchNormalizationParamInitializer.GLOBAL_MEAN),
                    offset(network, i, BatchNormalizationParamInitializer.GLOBAL_LOG_STD)));
      } else if (layer instanceof SubsamplingLayer pool) {
        next =
            new MaxPooling(
                shape,
                pool.getKernelSize()[0],
                pool.getKernelSize()[1],
                pool.getStride()[0],
                pool.getStride()[1],
                !layers.isEmpty() && rectifies(layers.get(layers.size() - 1)));
      } else if (layer instanceof ConvolutionLayer conv) {
        ConvolutionWindow window =
            ConvolutionWindow.of(conv, shape)
                .orElseThrow(
                    () -> new IllegalArgumentException(conv.getLayerName() + " has no output"));
        next =
            new Convolution(
                window,
                LayerSupport.rectifies(conv.getActivationFn()),
                !pooledNext(configuration, i),
                offset(network, i, DefaultParamInitializer.WEIGHT_KEY),
                offset(network, i, DefaultParamInitializer.BIAS_KEY));
      } else {
        BaseLayer dense = (BaseLayer) layer;
        next =
            new Dense(
                shape.size(),
                (int) ((FeedForwardLayer) dense).getNOut(),
                LayerSupport.rectifies(dense.getActivationFn()) && !(layer instanceof OutputLayer),
                offset(network, i, DefaultParamInitializer.WEIGHT_KEY),
                offset(network, i, DefaultParamInitializer.BIAS_KEY));
      }
      layers.add(next);
      shape = next.output();
    }
    return new BlasNetwork(layers, input);
  }

  /** Whether layer {@code index} is followed at once by max pooling, which masks for a ReLU. */
  private static boolean pooledNext(MultiLayerConfiguration configuration, int index) {
    return index + 1 < configuration.getConfs().size()
        && configuration.getConf(index + 1).getLayer() instanceof SubsamplingLayer
        && configuration.getInputPreProcess(index + 1) == null;
  }

  /** Whether {@code layer}'s output is a ReLU's. */
  private static boolean rectifies(TrainingLayer layer) {
    return layer instanceof Rectifier
        || (layer instanceof Convolution convolution && convolution.rectified());
  }

  /** Where layer {@code index}'s parameter {@code key} starts in the flattened parameters. */
  private static int offset(MultiLayerNetwork network, int index, String key) {
    INDArray parameters = network.params();
    INDArray parameter = network.getLayer(index).getParam(key);
    return Math.toIntExact(parameter.offset() - parameters.offset());
  }

  /**
   * The loss's gradient for {@code images} images at the weights {@code parameters}, written into
   * {@code gradient} (both laid out as the network's flattened parameters), each dropout layer
   * having been given its mask.
   *
   * @param pixels the images, channels last: {@code images x 28 x 28 x 1}
   * @param targets {@code images x classes} target probabilities (one-hot, smoothed or distilled)
   * @param share this part's share of the minibatch, which weights its batch normalisations'
   *     moving-average updates
   */
  Part gradient(
      float[] parameters,
      float[] pixels,
      float[] targets,
      int images,
      double share,
      float[] gradient) {
    if (pixels.length < images * input.size() || targets.length < images * classes) {
      throw new IllegalArgumentException("fewer pixels or targets than " + images + " images");
    }
    float[] values = pixels;
    for (TrainingLayer layer : layers) {
      if (layer instanceof BatchNormalisation normalisation) {
        normalisation.share(share);
      }
      layer.load(parameters);
      values = layer.forward(values, images);
    }
    probabilities = TrainingLayer.atLeast(probabilities, images * classes);
    double loss = 0;
    float[] logitGradient = values;
    for (int image = 0; image < images; image++) {
      int at = image * classes;
      float largest = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        largest = Math.max(largest, values[at + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(values[at + k] - largest);
      }
      double logSum = Math.log(sum);
      for (int k = 0; k < classes; k++) {
        double logProbability = values[at + k] - largest - logSum;
        float probability = (float) Math.exp(logProbability);
        loss -= targets[at + k] * logProbability;
        probabilities[at + k] = probability;
        // Softmax and cross-entropy together: the logits' gradient is p - t.
        logitGradient[at + k] = probability - targets[at + k];
      }
    }
    float[] outputGradient = logitGradient;
    for (int i = layers.size() - 1; i >= 0; i--) {
      outputGradient = layers.get(i).backward(outputGradient, images, gradient, i > 0);
    }
    return new Part(loss, probabilities);
  }
}
