package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingHistory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a run's best model on the 10,000 test images and writes evaluation.json into the"
            + " run directory; with --validation, on the run's own validation split instead.")
final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--run-dir",
      required = true,
      description = "A run directory written by 'trainer train'.")
  private Path runDirectory;

  @Option(
      names = "--validation",
      description =
          "Evaluate on the run's validation split (the 12,000 held-out training images) and only"
              + " print the result: for choosing between models or prediction modes without"
              + " looking at the test set.")
  private boolean onValidation;

  @Mixin private EvaluationOptions data;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = new RunDirectory(runDirectory);
    if (onValidation) {
      TrainingHistory history = run.readHistory();
      if (history.config().refit()) {
        throw new ParameterException(
            spec.commandLine(),
            history.config().fineTuning() != null
                ? "the run fine-tunes on every example it has: it holds no validation split to"
                    + " evaluate on"
                : "the run was trained with --refit on all the training images: it holds no"
                    + " validation split to evaluate on");
      }
      MultiLayerNetwork network = run.loadBestModel();
      LabelledImages validation = data.split(history).heldOut();
      Evaluation evaluation =
          Evaluator.evaluate(data.predictor(network), validation, data.batchSize);
      spec.commandLine().getOut().printf("validation split%n%s%n", evaluation.table());
      return 0;
    }
    MultiLayerNetwork network = run.loadBestModel();
    Evaluation evaluation =
        Evaluator.evaluate(
            data.predictor(network), FashionMnist.loadTest(data.dataDirectory), data.batchSize);
    Json.write(run.evaluationFile(), evaluation);
    spec.commandLine()
        .getOut()
        .printf("%s%nwritten to %s%n", evaluation.table(), run.evaluationFile());
    return 0;
  }
}
