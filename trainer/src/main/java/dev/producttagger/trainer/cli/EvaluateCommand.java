package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a run's best model on the 10,000 test images and writes evaluation.json into the"
            + " run directory.")
final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--run-dir",
      required = true,
      description = "A run directory written by 'trainer train'.")
  private Path runDirectory;

  @Option(
      names = "--data-dir",
      defaultValue = "data/fashion-mnist",
      description =
          "Directory with the four Fashion-MNIST IDX .gz files (default: ${DEFAULT-VALUE}).")
  private Path dataDirectory;

  @Option(
      names = "--batch-size",
      defaultValue = "" + Evaluator.DEFAULT_BATCH_SIZE,
      description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = new RunDirectory(runDirectory);
    Evaluation evaluation =
        Evaluator.evaluate(run.loadBestModel(), FashionMnist.loadTest(dataDirectory), batchSize);
    Json.write(run.evaluationFile(), evaluation);
    spec.commandLine()
        .getOut()
        .printf("%s%nwritten to %s%n", evaluation.table(), run.evaluationFile());
    return 0;
  }
}
