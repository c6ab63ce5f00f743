package dev.producttagger.trainer.cli;

import dev.producttagger.trainer.eval.Evaluator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the test images are and how many go through the network at once: shared by evaluate and
 * export.
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
}
