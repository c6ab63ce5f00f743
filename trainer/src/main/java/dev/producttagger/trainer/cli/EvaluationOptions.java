package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Option;

/**
 * Where the test images are, how many go through the network at once and how predictions are
 * formed: shared by evaluate and export.
 */
final class EvaluationOptions {

  @Option(
      names = "--data-dir",
      defaultValue = "${sys:producttagger.home:-.}/data/fashion-mnist",
      description =
          "Directory with the four Fashion-MNIST IDX .gz files (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--batch-size",
      defaultValue = "" + Evaluator.DEFAULT_BATCH_SIZE,
      description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--mirror-averaging",
      description =
          "Predict each image as the mean of the network's probabilities for it and its left-right"
              + " mirror image: twice the inference work, for networks trained with flips. Export"
              + " records it in the bundle, so the tagger predicts the same way.")
  boolean mirrorAveraging;

  /** The run's train/validation split of the training images in {@link #dataDirectory}. */
  StratifiedSplit split(TrainingHistory history) throws IOException {
    return history.config().split(FashionMnist.loadTrain(dataDirectory));
  }

  /** The network as the tagger would serve it once exported with these options. */
  Predictor predictor(MultiLayerNetwork network) {
    return Evaluator.predictor(network, mirrorAveraging);
  }
}
