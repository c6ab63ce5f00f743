package dev.producttagger.trainer.model;

import dev.producttagger.dataset.LabelledImages;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The networks the trainer can build. All take {@link TrainingInput}, end in a 10-way softmax
 * trained with categorical cross-entropy (by Adam unless told otherwise), and draw their initial
 * weights from the seed.
 */
public enum Architecture {

  /** The paper's CNN: three valid 3x3 convolutions (32, 64, 128), two 2x2 max pools, dense 128. */
  PAPER_BASELINE(0.0, WeightInit.XAVIER_UNIFORM) {
    @Override
    void addLayers(Layers layers, double dropoutRate) {
      layers.conv(32).maxPool().conv(64).maxPool().conv(128).dense(128);
    }
  },

  /** The paper's CNN with dropout after each convolution block and after the dense layer. */
  PAPER_DROPOUT(0.3, WeightInit.XAVIER_UNIFORM) {
    @Override
    void addLayers(Layers layers, double dropoutRate) {
      layers
          .conv(32)
          .maxPool()
          .dropout(dropoutRate)
          .conv(64)
          .maxPool()
          .dropout(dropoutRate)
          .conv(128)
          .dropout(dropoutRate)
          .dense(128)
          .dropout(dropoutRate);
    }
  },

  /**
   * Beyond the paper within the same compute class (about twice its multiply-adds, under 400k
   * parameters): batch normalisation after every convolution and the dense layer, a "same" first
   * convolution that keeps the 28x28 border detail, a second 3x3 convolution on the smallest
   * feature maps, and dropout after each block. Meant to be trained with --augment and a decaying
   * learning rate.
   */
  BATCHNORM_CNN(0.25, WeightInit.RELU) {
    @Override
    void addLayers(Layers layers, double dropoutRate) {
      layers
          .convBatchNormRelu(32, ConvolutionMode.Same)
          .maxPool()
          .convBatchNormRelu(64, ConvolutionMode.Truncate)
          .maxPool()
          .dropout(dropoutRate)
          .convBatchNormRelu(128, ConvolutionMode.Truncate)
          .convBatchNormRelu(128, ConvolutionMode.Same)
          .maxPool()
          .dropout(dropoutRate)
          .denseBatchNormRelu(256)
          .dropout(dropoutRate);
    }
  },

  /**
   * VGG-style stacks of "same" 3x3 convolutions with batch normalisation, under 500k parameters:
   * one 32-filter convolution at full 28x28 resolution, two 64-filter convolutions at 14x14, one
   * 128-filter convolution at 7x7, a max pool after each stage and a 256-unit dense layer. About 15
   * million multiply-adds per image, 2.3 times {@link #BATCHNORM_CNN}'s, most of them at 14x14.
   */
  BATCHNORM_VGG(0.25, WeightInit.RELU) {
    @Override
    void addLayers(Layers layers, double dropoutRate) {
      layers
          .convBatchNormRelu(32, ConvolutionMode.Same)
          .maxPool()
          .convBatchNormRelu(64, ConvolutionMode.Same)
          .convBatchNormRelu(64, ConvolutionMode.Same)
          .maxPool()
          .dropout(dropoutRate)
          .convBatchNormRelu(128, ConvolutionMode.Same)
          .maxPool()
          .dropout(dropoutRate)
          .denseBatchNormRelu(256)
          .dropout(dropoutRate);
    }
  };

  private final double defaultDropoutRate;
  private final WeightInit weightInit;

  /**
   * @param weightInit how initial weights are drawn: Keras' default (Glorot uniform) for the
   *     paper's models, as the paper used; He initialisation for ours, which suits ReLU networks
   */
  Architecture(double defaultDropoutRate, WeightInit weightInit) {
    this.defaultDropoutRate = defaultDropoutRate;
    this.weightInit = weightInit;
  }

  abstract void addLayers(Layers layers, double dropoutRate);

  /** The name bundles and reports use: lower-case kebab, such as {@code paper-dropout}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The dropout rate (fraction of activations dropped) used when none is given; 0 for none. */
  public double defaultDropoutRate() {
    return defaultDropoutRate;
  }

  public boolean usesDropout() {
    return defaultDropoutRate > 0;
  }

  /**
   * Throws unless {@code dropoutRate} suits this architecture: in [0, 1), and 0 when it has no
   * dropout layers.
   */
  public void checkDropoutRate(double dropoutRate) {
    if (!usesDropout() && dropoutRate != 0) {
      throw new IllegalArgumentException(
          this + " has no dropout layers; dropout rate must be 0, not " + dropoutRate);
    }
    if (dropoutRate < 0 || dropoutRate >= 1) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), not " + dropoutRate);
    }
  }

  /** Throws unless {@code weightDecay} is in [0, 1). */
  public static void checkWeightDecay(double weightDecay) {
    if (weightDecay < 0 || weightDecay >= 1) {
      throw new IllegalArgumentException("weight decay must be in [0, 1), not " + weightDecay);
    }
  }

  /** The configuration for this architecture, trained with Adam, without weight decay. */
  public MultiLayerConfiguration configuration(long seed, double learningRate, double dropoutRate) {
    return configuration(seed, Optimizer.ADAM, learningRate, dropoutRate, 0);
  }

  /**
   * The configuration for this architecture.
   *
   * @param optimizer how the weights follow their gradients
   * @param learningRate the optimizer's initial learning rate; schedules change it between epochs
   * @param dropoutRate fraction of activations dropped in training; must be 0 for architectures
   *     without dropout
   * @param weightDecay decoupled weight decay (AdamW's): after each optimizer step every weight,
   *     biases and batch-normalisation parameters excepted, shrinks by learning rate x this share;
   *     0 for none
   */
  public MultiLayerConfiguration configuration(
      long seed, Optimizer optimizer, double learningRate, double dropoutRate, double weightDecay) {
    checkDropoutRate(dropoutRate);
    checkWeightDecay(weightDecay);
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(optimizer.updater(learningRate))
            .weightInit(weightInit)
            .list();
    Layers layers = new Layers(list, weightDecay);
    addLayers(layers, dropoutRate);
    return layers.softmaxOutput().setInputType(TrainingInput.inputType()).build();
  }

  /**
   * A new initialised network trained with Adam, without weight decay: same seed, same initial
   * weights.
   */
  public MultiLayerNetwork newNetwork(long seed, double learningRate, double dropoutRate) {
    return newNetwork(seed, Optimizer.ADAM, learningRate, dropoutRate, 0);
  }

  /**
   * A new initialised network: same seed, same initial weights. See {@link #configuration(long,
   * Optimizer, double, double, double)}.
   */
  public MultiLayerNetwork newNetwork(
      long seed, Optimizer optimizer, double learningRate, double dropoutRate, double weightDecay) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            configuration(seed, optimizer, learningRate, dropoutRate, weightDecay));
    network.init();
    return network;
  }

  /**
   * Appends layers with readable names (conv1, pool1, ...) in Keras' "valid" convolution mode
   * unless told otherwise.
   */
  static final class Layers {
    private final NeuralNetConfiguration.ListBuilder list;
    private final double weightDecay;
    private int index;
    private int convolutions;
    private int pools;
    private int dropouts;
    private int denses;
    private int norms;

    /**
     * @param weightDecay set on each layer with weights: in 1.0.0-M2.1 DL4J's network-wide setting
     *     lands twice in a layer's regularisation, which decays twice as fast
     */
    Layers(NeuralNetConfiguration.ListBuilder list, double weightDecay) {
      this.list = list;
      this.weightDecay = weightDecay;
    }

    Layers conv(int filters) {
      return conv(filters, ConvolutionMode.Truncate, Activation.RELU);
    }

    Layers conv(int filters, ConvolutionMode mode, Activation activation) {
      return add(
          decayed(new ConvolutionLayer.Builder(3, 3))
              .name("conv" + ++convolutions)
              .nOut(filters)
              .stride(1, 1)
              .convolutionMode(mode)
              .activation(activation)
              .build());
    }

    Layers maxPool() {
      return add(
          new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
              .name("pool" + ++pools)
              .kernelSize(2, 2)
              .stride(2, 2)
              .convolutionMode(ConvolutionMode.Truncate)
              .build());
    }

    /** A 3x3 convolution without activation, then batch normalisation and ReLU. */
    Layers convBatchNormRelu(int filters, ConvolutionMode mode) {
      return conv(filters, mode, Activation.IDENTITY).batchNormRelu();
    }

    /** A dense layer without activation, then batch normalisation and ReLU. */
    Layers denseBatchNormRelu(int units) {
      return dense(units, Activation.IDENTITY).batchNormRelu();
    }

    /**
     * Batch normalisation then ReLU, after a convolution or dense layer built with identity
     * activation.
     */
    private Layers batchNormRelu() {
      add(new BatchNormalization.Builder().name("norm" + ++norms).build());
      return add(
          new ActivationLayer.Builder().name("relu" + norms).activation(Activation.RELU).build());
    }

    /**
     * Drops {@code rate} of the activations in training (DL4J's own argument is the share kept).
     */
    Layers dropout(double rate) {
      return add(new DropoutLayer.Builder(1.0 - rate).name("dropout" + ++dropouts).build());
    }

    Layers dense(int units) {
      return dense(units, Activation.RELU);
    }

    Layers dense(int units, Activation activation) {
      return add(
          decayed(new DenseLayer.Builder())
              .name("dense" + ++denses)
              .nOut(units)
              .activation(activation)
              .build());
    }

    NeuralNetConfiguration.ListBuilder softmaxOutput() {
      add(
          decayed(new OutputLayer.Builder(LossFunction.MCXENT))
              .name("output")
              .nOut(LabelledImages.CLASS_COUNT)
              .activation(Activation.SOFTMAX)
              .build());
      return list;
    }

    /** {@code builder} with this network's weight decay on its weights, when it has one. */
    private <B extends BaseLayer.Builder<B>> B decayed(B builder) {
      if (weightDecay > 0) {
        builder.weightDecay(weightDecay, true);
      }
      return builder;
    }

    private Layers add(org.deeplearning4j.nn.conf.layers.Layer layer) {
      list.layer(index++, layer);
      return this;
    }
  }
}
