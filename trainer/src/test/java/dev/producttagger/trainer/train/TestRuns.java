package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.eval.ConfusionMatrix;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.finetune.FineTuning;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.model.TrainingInput;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Run directories made without training: a history with made-up epochs, a given untrained network
 * as the best model and, when asked, a made-up test evaluation. For tests of what reads runs.
 */
public final class TestRuns {

  /** The epochs' validation losses: the second is the lowest, so epoch 2 is the best of three. */
  private static final double[] VALIDATION_LOSSES = {0.50, 0.35, 0.40};

  private TestRuns() {}

  /**
   * A seeded, untrained network far smaller than any architecture's, for tests that run a best
   * model over all 10,000 test images and care about the plumbing, not the network.
   */
  public static MultiLayerNetwork tinyNetwork(long seed) {
    MultiLayerConfiguration configuration =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(0.001))
            .list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
            .layer(
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(4, 4)
                    .stride(4, 4)
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(LabelledImages.CLASS_COUNT)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(TrainingInput.inputType())
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    return network;
  }

  public static TrainingConfig config(Architecture architecture) {
    return new TrainingConfig(
        architecture,
        3,
        64,
        0.001,
        "constant",
        architecture.defaultDropoutRate(),
        Augmentation.NONE,
        7,
        5,
        1000,
        0,
        0,
        null,
        0,
        Optimizer.ADAM,
        0,
        false,
        null,
        1,
        TrainingEngine.DL4J);
  }

  /** {@code config} with {@code replicas} copies of the network per minibatch. */
  public static TrainingConfig withReplicas(TrainingConfig config, int replicas) {
    return copy(
        config,
        config.sharpnessRadius(),
        config.refit(),
        config.fineTuning(),
        replicas,
        config.engine());
  }

  /** {@code config} trained by {@code engine}. */
  public static TrainingConfig withEngine(TrainingConfig config, TrainingEngine engine) {
    return copy(
        config,
        config.sharpnessRadius(),
        config.refit(),
        config.fineTuning(),
        config.replicas(),
        engine);
  }

  /** {@code config} as a refit on all the training images. */
  public static TrainingConfig refit(TrainingConfig config) {
    return copy(config, config.sharpnessRadius(), true, null, config.replicas(), config.engine());
  }

  /** {@code config} with sharpness-aware minimisation at {@code radius}. */
  public static TrainingConfig withSharpness(TrainingConfig config, double radius) {
    return copy(
        config, radius, config.refit(), config.fineTuning(), config.replicas(), config.engine());
  }

  private static TrainingConfig copy(
      TrainingConfig config,
      double sharpnessRadius,
      boolean refit,
      FineTuning fineTuning,
      int replicas,
      TrainingEngine engine) {
    return new TrainingConfig(
        config.architecture(),
        config.epochs(),
        config.batchSize(),
        config.learningRate(),
        config.learningRateSchedule(),
        config.dropoutRate(),
        config.augment(),
        config.seed(),
        config.patience(),
        config.limitTrain(),
        config.labelSmoothing(),
        config.averagedEpochs(),
        config.distillation(),
        config.weightDecay(),
        config.optimizer(),
        sharpnessRadius,
        refit,
        fineTuning,
        replicas,
        engine);
  }

  /**
   * Three finished epochs with growing accuracies; epoch 2 is the best (validation accuracy 0.82),
   * 30 s each.
   */
  public static TrainingHistory history(Architecture architecture) {
    TrainingHistory history = TrainingHistory.begin(config(architecture));
    for (int epoch = 1; epoch <= VALIDATION_LOSSES.length; epoch++) {
      history =
          history.withEpoch(
              new EpochRecord(
                  epoch,
                  0.001,
                  0.6 / epoch,
                  0.7 + 0.1 * epoch,
                  VALIDATION_LOSSES[epoch - 1],
                  0.7 + 0.06 * epoch,
                  30,
                  100));
    }
    return history;
  }

  /**
   * Ten classes, 100 test images each; class c is right 90 - c times and otherwise taken for class
   * (c + 1) % 10.
   */
  public static Evaluation evaluation() {
    return evaluation(false);
  }

  /** {@link #evaluation()} as if predicted with or without mirror averaging. */
  public static Evaluation evaluation(boolean mirrorAveraged) {
    int classes = FashionCategories.NAMES.size();
    int[][] counts = new int[classes][classes];
    for (int c = 0; c < classes; c++) {
      counts[c][c] = 90 - c;
      counts[c][(c + 1) % classes] = 10 + c;
    }
    return Evaluation.of(ConfusionMatrix.of(counts), 0.3, FashionCategories.NAMES, mirrorAveraged);
  }

  /**
   * A run directory holding {@link #history}, {@code network} as its best model and, when {@code
   * evaluated}, {@link #evaluation}.
   */
  public static RunDirectory write(
      Path directory, Architecture architecture, MultiLayerNetwork network, boolean evaluated)
      throws IOException {
    RunDirectory run = new RunDirectory(directory);
    run.writeHistory(history(architecture));
    run.saveBestModel(network);
    if (evaluated) {
      Json.write(run.evaluationFile(), evaluation());
    }
    return run;
  }
}
