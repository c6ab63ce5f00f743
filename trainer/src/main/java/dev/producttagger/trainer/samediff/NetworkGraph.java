package dev.producttagger.trainer.samediff;

import dev.producttagger.trainer.model.TrainingInput;
import dev.producttagger.trainer.step.LayerSupport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J network's training forward pass, rebuilt as a SameDiff graph with the same layers and the
 * same loss: valid or same 3x3-style convolutions, max pooling, batch normalisation, dropout, dense
 * layers and a softmax output trained with cross-entropy. The graph's variables are copies of the
 * network's parameters in SameDiff's layouts ({@link Parameter}); each dropout layer becomes a
 * multiplication by a mask the caller draws ({@link DropoutMask}); each batch normalisation outputs
 * its minibatch statistics, from which the caller moves the layer's averages ({@link
 * Normalisation}). A ReLU right before max pooling is applied after it, to the fewer values.
 * Anything else (other activations, dropout inside a layer) is refused by {@link #unsupported}.
 */
final class NetworkGraph {

  static final String INPUT = "input";
  static final String TARGETS = "targets";

  /** The summed cross-entropy over the minibatch: DL4J's gradient before it divides by n. */
  static final String LOSS = "loss";

  static final String PROBABILITIES = "probabilities";

  /** A network parameter as a graph variable, with the views that copy between them. */
  record Parameter(String name, INDArray networkValue, INDArray networkGradient, Layout layout) {}

  /** How a parameter's SameDiff array relates to DL4J's. */
  enum Layout {
    /** The same shape and order (after dropping a bias's leading 1). */
    SAME,
    /** DL4J's [out, in, kH, kW] convolution weights as SameDiff's [kH, kW, in, out]. */
    CONVOLUTION,
    /** DL4J's dense weights [in, out] in 'f' order, the same floats as [out, in] in 'c' order. */
    TRANSPOSED;

    /** The DL4J array {@code view}, reshaped or permuted as SameDiff holds it, still a view. */
    INDArray of(INDArray view) {
      return switch (this) {
        case SAME -> view.reshape(view.length());
        case CONVOLUTION -> view.permute(2, 3, 1, 0);
        case TRANSPOSED -> view.transpose();
      };
    }
  }

  /** A dropout layer's mask placeholder: shape without the minibatch, and the share kept. */
  record DropoutMask(String name, long[] shape, double keep) {}

  /**
   * A batch normalisation layer: the graph outputs holding its minibatch's per-channel mean and
   * (biased) variance, the network's moving averages of them, the views of the network's gradient
   * where DL4J's layer writes their updates, and the layer's decay. The averages are not graph
   * variables: as in DL4J they move by the minibatch statistics, not by a gradient.
   */
  record Normalisation(
      String batchMean,
      String batchVariance,
      INDArray mean,
      INDArray meanUpdate,
      INDArray log10Std,
      INDArray log10StdUpdate,
      double decay) {}

  final SameDiff graph;
  final List<Parameter> parameters;
  final List<DropoutMask> masks;
  final List<Normalisation> normalisations;
  final boolean channelsLast;

  private NetworkGraph(
      SameDiff graph,
      List<Parameter> parameters,
      List<DropoutMask> masks,
      List<Normalisation> normalisations,
      boolean channelsLast) {
    this.graph = graph;
    this.parameters = parameters;
    this.masks = masks;
    this.normalisations = normalisations;
    this.channelsLast = channelsLast;
  }

  /** The outputs a step reads: the loss, the probabilities and every minibatch statistic. */
  List<String> outputs() {
    List<String> outputs = new ArrayList<>(List.of(LOSS, PROBABILITIES));
    for (Normalisation normalisation : normalisations) {
      outputs.add(normalisation.batchMean());
      outputs.add(normalisation.batchVariance());
    }
    return List.copyOf(outputs);
  }

  /** The layers the graph has: convolutions and max pooling "valid" or "same", without padding. */
  private static final LayerSupport SUPPORT =
      new LayerSupport(
          "the SameDiff engine",
          convolution ->
              modeOf(convolution.getConvolutionMode(), convolution.getPadding()) != null
                      && LayerSupport.ones(convolution.getDilation())
                  ? null
                  : "only convolutions, valid or same, without padding or dilation",
          pool ->
              modeOf(pool.getConvolutionMode(), pool.getPadding()) != null
                      && LayerSupport.ones(pool.getDilation())
                  ? null
                  : "only max pooling, valid or same, without padding or dilation");

  /** What keeps {@code configuration} from being trained as a graph, or null when nothing does. */
  static String unsupported(MultiLayerConfiguration configuration) {
    return SUPPORT.unsupported(configuration);
  }

  private static PaddingMode modeOf(ConvolutionMode mode, int[] padding) {
    if (padding[0] != 0 || padding[1] != 0) {
      return null;
    }
    return switch (mode) {
      case Truncate, Strict -> PaddingMode.VALID;
      case Same -> PaddingMode.SAME;
      default -> null;
    };
  }

  /**
   * The graph of {@code network}, which must take {@link TrainingInput} and pass {@link
   * #unsupported}; images and activations laid out channels last or first.
   */
  static NetworkGraph of(MultiLayerNetwork network, boolean channelsLast) {
    MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
    String problem = unsupported(configuration);
    if (problem != null) {
      throw new IllegalArgumentException("SameDiff cannot train this network: " + problem);
    }
    return new Builder(network, channelsLast).build();
  }

  private static final class Builder {
    private final MultiLayerNetwork network;
    private final boolean channelsLast;
    private final SameDiff graph = SameDiff.create();
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<DropoutMask> masks = new ArrayList<>();
    private final List<Normalisation> normalisations = new ArrayList<>();

    Builder(MultiLayerNetwork network, boolean channelsLast) {
      this.network = network;
      this.channelsLast = channelsLast;
    }

    NetworkGraph build() {
      if (network.getFlattenedGradients() == null) {
        network.initGradientsView();
      }
      MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
      InputType inputType = TrainingInput.inputType();
      List<InputType> outputs = configuration.getLayerActivationTypes(inputType);
      SDVariable x =
          channelsLast
              ? graph.placeHolder(
                  INPUT,
                  DataType.FLOAT,
                  -1,
                  TrainingInput.HEIGHT,
                  TrainingInput.WIDTH,
                  TrainingInput.CHANNELS)
              : graph.placeHolder(
                  INPUT,
                  DataType.FLOAT,
                  -1,
                  TrainingInput.CHANNELS,
                  TrainingInput.HEIGHT,
                  TrainingInput.WIDTH);
      int layers = configuration.getConfs().size();
      for (int i = 0; i < layers; i++) {
        InputType in = i == 0 ? inputType : outputs.get(i - 1);
        if (configuration.getInputPreProcess(i) != null) {
          x = flatten(x, (InputType.InputTypeConvolutional) in);
        }
        Layer layer = configuration.getConf(i).getLayer();
        if (i + 1 < layers
            && rectifies(layer)
            && configuration.getConf(i + 1).getLayer() instanceof SubsamplingLayer pool
            && configuration.getInputPreProcess(i + 1) == null) {
          // ReLU commutes with max pooling; after it, ReLU's passes touch a quarter of the values
          // (libnd4j's ReLU backward calls a function per value: 12% of a step when it came first).
          x = graph.nn().relu(maxPooled(pool, layer(i, layer, x, in, false)), 0);
          i++;
        } else {
          x = layer(i, layer, x, in, true);
        }
      }
      differentiateQuietly();
      return new NetworkGraph(
          graph,
          List.copyOf(parameters),
          List.copyOf(masks),
          List.copyOf(normalisations),
          channelsLast);
    }

    /**
     * Builds the backward pass now, with standard output silenced: SameDiff 1.0.0-M2.1 prints a
     * line there for every operation it differentiates, and nothing else prints while a graph is
     * built.
     */
    private void differentiateQuietly() {
      PrintStream standardOutput = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        graph.createGradFunction();
      } finally {
        System.setOut(standardOutput);
      }
    }

    /** Whether {@code layer} ends in ReLU ({@link #unsupported} allows no other kind). */
    private static boolean rectifies(Layer layer) {
      IActivation activation =
          layer instanceof ActivationLayer activationLayer
              ? activationLayer.getActivationFn()
              : layer instanceof BaseLayer base ? base.getActivationFn() : null;
      return LayerSupport.rectifies(activation);
    }

    /** {@code layer}'s output, or its output before its activation unless {@code activate}. */
    private SDVariable layer(int index, Layer layer, SDVariable x, InputType in, boolean activate) {
      if (layer instanceof DropoutLayer) {
        return dropout(index, x, in, ((Dropout) layer.getIDropout()).getP());
      }
      if (layer instanceof ActivationLayer activation) {
        return activate ? activated(activation.getActivationFn(), x) : x;
      }
      if (layer instanceof BatchNormalization normalisation) {
        return normalised(index, normalisation, x, in);
      }
      if (layer instanceof SubsamplingLayer pool) {
        return maxPooled(pool, x);
      }
      BaseLayer base = (BaseLayer) layer;
      SDVariable weights = parameter(index, "W");
      SDVariable bias = parameter(index, "b");
      SDVariable preActivation;
      if (layer instanceof ConvolutionLayer conv) {
        preActivation =
            graph
                .cnn()
                .conv2d(
                    x,
                    weights,
                    bias,
                    Conv2DConfig.builder()
                        .kH(conv.getKernelSize()[0])
                        .kW(conv.getKernelSize()[1])
                        .sH(conv.getStride()[0])
                        .sW(conv.getStride()[1])
                        .paddingMode(modeOf(conv.getConvolutionMode(), conv.getPadding()))
                        .dataFormat(channelsLast ? Conv2DConfig.NHWC : Conv2DConfig.NCHW)
                        .build());
      } else {
        // The weights are held as [out, in]: see Layout.TRANSPOSED.
        preActivation =
            x.mmul(null, weights, MMulTranspose.builder().transposeB(true).build()).add(bias);
      }
      if (layer instanceof OutputLayer) {
        graph.nn().softmax(PROBABILITIES, preActivation, -1);
        SDVariable targets =
            graph.placeHolder(TARGETS, DataType.FLOAT, -1, ((OutputLayer) layer).getNOut());
        return graph
            .loss()
            .softmaxCrossEntropy(LOSS, targets, preActivation, null, LossReduce.SUM, 0);
      }
      return activate ? activated(base.getActivationFn(), preActivation) : preActivation;
    }

    private SDVariable maxPooled(SubsamplingLayer pool, SDVariable x) {
      return graph
          .cnn()
          .maxPooling2d(
              x,
              Pooling2DConfig.builder()
                  .kH(pool.getKernelSize()[0])
                  .kW(pool.getKernelSize()[1])
                  .sH(pool.getStride()[0])
                  .sW(pool.getStride()[1])
                  .paddingMode(modeOf(pool.getConvolutionMode(), pool.getPadding()))
                  .isNHWC(channelsLast)
                  .build());
    }

    /**
     * {@code x} through ReLU, or as it is for the identity ({@link LayerSupport#hidden} allows no
     * other).
     */
    private SDVariable activated(IActivation activation, SDVariable x) {
      return activation instanceof ActivationIdentity ? x : graph.nn().relu(x, 0);
    }

    /**
     * Batch normalisation as DL4J's layer trains it: each channel (each feature after a dense
     * layer) standardised by the minibatch's own mean and biased variance, then scaled by gamma and
     * shifted by beta. The statistics are graph outputs, for the step to move the averages with.
     */
    private SDVariable normalised(
        int index, BatchNormalization normalisation, SDVariable x, InputType in) {
      boolean convolutional = in instanceof InputType.InputTypeConvolutional;
      int[] overAllButChannels =
          !convolutional ? new int[] {0} : channelsLast ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
      String name = normalisation.getLayerName();
      SDVariable mean = graph.mean(name + "_batchMean", x, true, overAllButChannels);
      SDVariable centred = x.sub(mean);
      // The mean square rather than SameDiff's variance operation, which computes the unbiased
      // variance in a gradient pass even when asked for the biased one (1.0.0-M2.1).
      SDVariable variance =
          graph.mean(
              name + "_batchVariance", graph.math().square(centred), true, overAllButChannels);
      SDVariable standardised =
          centred.div(graph.math().sqrt(variance.add(normalisation.getEps())));
      SDVariable gamma = parameter(index, BatchNormalizationParamInitializer.GAMMA);
      SDVariable beta = parameter(index, BatchNormalizationParamInitializer.BETA);
      if (convolutional && !channelsLast) {
        long channels = ((InputType.InputTypeConvolutional) in).getChannels();
        gamma = graph.reshape(gamma, channels, 1, 1);
        beta = graph.reshape(beta, channels, 1, 1);
      }
      org.deeplearning4j.nn.api.Layer layer = network.getLayer(index);
      INDArray average = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
      INDArray log10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      normalisations.add(
          new Normalisation(
              mean.name(),
              variance.name(),
              average,
              gradientOf(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, average),
              log10Std,
              gradientOf(layer, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, log10Std),
              normalisation.getDecay()));
      return standardised.mul(gamma).add(beta);
    }

    /**
     * Flattens convolutional activations as DL4J does, in [channels, rows, columns] order, so the
     * next layer's weights mean the same in both.
     */
    private SDVariable flatten(SDVariable x, InputType.InputTypeConvolutional in) {
      SDVariable channelsFirst = channelsLast ? graph.permute(x, 0, 3, 1, 2) : x;
      long features = in.getChannels() * in.getHeight() * in.getWidth();
      return graph.reshape(channelsFirst, graph.constant(Nd4j.createFromArray(-1L, features)));
    }

    private SDVariable dropout(int index, SDVariable x, InputType in, double keep) {
      long[] shape;
      if (in instanceof InputType.InputTypeConvolutional conv) {
        shape =
            channelsLast
                ? new long[] {conv.getHeight(), conv.getWidth(), conv.getChannels()}
                : new long[] {conv.getChannels(), conv.getHeight(), conv.getWidth()};
      } else {
        shape = new long[] {in.arrayElementsPerExample()};
      }
      DropoutMask mask = new DropoutMask("mask" + index, shape, keep);
      masks.add(mask);
      long[] placeholderShape = new long[shape.length + 1];
      placeholderShape[0] = -1;
      System.arraycopy(shape, 0, placeholderShape, 1, shape.length);
      return x.mul(graph.placeHolder(mask.name(), DataType.FLOAT, placeholderShape));
    }

    private SDVariable parameter(int index, String key) {
      org.deeplearning4j.nn.api.Layer layer = network.getLayer(index);
      INDArray value = layer.getParam(key);
      Layout layout;
      if (value.rank() == 4) {
        layout = Layout.CONVOLUTION;
      } else if (key.equals("W")) {
        layout = Layout.TRANSPOSED;
      } else {
        layout = Layout.SAME;
      }
      String name = layer.conf().getLayer().getLayerName() + "_" + key;
      Parameter parameter = new Parameter(name, value, gradientOf(layer, key, value), layout);
      parameters.add(parameter);
      return graph.var(name, layout.of(value).dup('c'));
    }

    /** The network's gradient for a parameter, shaped like it: a view its updater reads. */
    private INDArray gradientOf(org.deeplearning4j.nn.api.Layer layer, String key, INDArray value) {
      for (UpdaterBlock block :
          ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks()) {
        for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
          if (state.getLayer() == layer && state.getParamName().equals(key)) {
            return state.getGradView().reshape(value.ordering(), value.shape());
          }
        }
      }
      throw new IllegalStateException("the network's updater has no gradient for " + key);
    }
  }
}
