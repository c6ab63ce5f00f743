package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin private EvaluationOptions testData;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = new RunDirectory(runDirectory);
    Evaluation evaluation =
        Evaluator.evaluate(
            run.loadBestModel(),
            FashionMnist.loadTest(testData.dataDirectory),
            testData.batchSize,
            testData.mode());
    Json.write(run.evaluationFile(), evaluation);
    spec.commandLine()
        .getOut()
        .printf("%s%nwritten to %s%n", evaluation.table(), run.evaluationFile());
    return 0;
  }
}
