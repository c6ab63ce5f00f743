package dev.producttagger.trainer.step;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The layers an engine that computes its own steps trains, and why it refuses a network: the
 * engines share every check but how far their convolutions and max pooling go, which each passes
 * in. Exactly these classes, not their subclasses, which differ: convolutions, max pooling, batch
 * normalisation with trained gamma and beta, ReLU or identity activation layers, plain dropout
 * layers, biased dense layers with ReLU or no activation, a last softmax layer trained with
 * cross-entropy, and the flattening between convolutional and dense layers.
 */
public final class LayerSupport {

  /** What an engine says of one layer: null when it trains the layer, else why not. */
  public interface Check<L extends Layer> {
    String problem(L layer);
  }

  private final String engine;
  private final Check<ConvolutionLayer> convolutions;
  private final Check<SubsamplingLayer> maxPooling;

  /**
   * @param engine the engine's name in a refusal, such as "the SameDiff engine"
   * @param convolutions the engine's own check of a convolution (bias and activation are checked
   *     here)
   * @param maxPooling the engine's own check of a max pooling layer's geometry
   */
  public LayerSupport(
      String engine, Check<ConvolutionLayer> convolutions, Check<SubsamplingLayer> maxPooling) {
    this.engine = engine;
    this.convolutions = convolutions;
    this.maxPooling = maxPooling;
  }

  /**
   * What keeps a network of {@code configuration} from being trained, as "layer (Type): why", or
   * null when nothing does.
   */
  public String unsupported(MultiLayerConfiguration configuration) {
    int layers = configuration.getConfs().size();
    for (int i = 0; i < layers; i++) {
      Layer layer = configuration.getConf(i).getLayer();
      String name = layer.getLayerName() + " (" + layer.getClass().getSimpleName() + ")";
      InputPreProcessor preProcessor = configuration.getInputPreProcess(i);
      if (preProcessor != null && !(preProcessor instanceof CnnToFeedForwardPreProcessor)) {
        return "the input of " + name + " goes through " + preProcessor.getClass().getSimpleName();
      }
      String problem = unsupported(layer, i == layers - 1);
      if (problem != null) {
        return name + ": " + problem;
      }
    }
    return null;
  }

  private String unsupported(Layer layer, boolean last) {
    if (layer.getClass() == DropoutLayer.class) {
      return layer.getIDropout() != null
              && layer.getIDropout().getClass() == Dropout.class
              && ((Dropout) layer.getIDropout()).getPSchedule() == null
          ? null
          : "only plain dropout with a fixed rate";
    }
    if (layer.getClass() == SubsamplingLayer.class) {
      SubsamplingLayer pool = (SubsamplingLayer) layer;
      return pool.getPoolingType() == PoolingType.MAX
          ? maxPooling.problem(pool)
          : "only max pooling";
    }
    if (layer.getClass() == ActivationLayer.class) {
      return layer.getIDropout() == null && hidden(((ActivationLayer) layer).getActivationFn())
          ? null
          : "only ReLU or identity activation layers, without dropout";
    }
    if (!(layer instanceof BaseLayer base)
        || !(layer.getClass() == ConvolutionLayer.class
            || layer.getClass() == BatchNormalization.class
            || layer.getClass() == DenseLayer.class
            || layer.getClass() == OutputLayer.class)) {
      return "not a layer type " + engine + " has";
    }
    if (base.getIDropout() != null || base.getWeightNoise() != null) {
      return "dropout or weight noise inside a layer";
    }
    if (layer instanceof BatchNormalization normalisation) {
      return !normalisation.isLockGammaBeta() && normalisation.isUseLogStd()
          ? null
          : "only batch normalisation with trained gamma and beta, averaging log10 standard"
              + " deviations (DL4J's default)";
    }
    if (layer instanceof ConvolutionLayer convolution) {
      return convolution.hasBias() && hidden(convolution.getActivationFn())
          ? convolutions.problem(convolution)
          : "only biased convolutions with ReLU or no activation";
    }
    if (layer instanceof OutputLayer output) {
      return last
              && output.hasBias()
              && output.getActivationFn() instanceof ActivationSoftmax
              && output.getLossFn() instanceof LossMCXENT loss
              && loss.getWeights() == null
          ? null
          : "only a last softmax layer trained with unweighted cross-entropy";
    }
    return ((DenseLayer) layer).hasBias() && hidden(base.getActivationFn())
        ? null
        : "only biased dense layers with ReLU or no activation";
  }

  /** Whether {@code activation} is one these engines have: identity or ReLU. */
  public static boolean hidden(IActivation activation) {
    return activation instanceof ActivationIdentity || rectifies(activation);
  }

  /** Whether {@code activation} is a plain ReLU. */
  public static boolean rectifies(IActivation activation) {
    return new ActivationReLU().equals(activation);
  }

  /** Whether every value is 1: no dilation. */
  public static boolean ones(int[] values) {
    for (int value : values) {
      if (value != 1) {
        return false;
      }
    }
    return true;
  }
}
