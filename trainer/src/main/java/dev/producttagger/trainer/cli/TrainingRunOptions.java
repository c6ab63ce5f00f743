package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What a command that trains (train, fine-tune) reads and writes: the Fashion-MNIST training images
 * (never the test images) and the run directory, and resuming the run in it. A resumed run takes
 * every setting from its checkpoint but the number of epochs.
 */
final class TrainingRunOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--run-dir",
      required = true,
      description =
          "Directory for the run: a checkpoint every epoch, the model kept, history.json and what"
              + " a resume needs.")
  private Path runDirectory;

  @Option(
      names = "--resume",
      description = "Continue the run in --run-dir after its last completed epoch.")
  private boolean resume;

  @Option(
      names = "--data-dir",
      defaultValue = "${sys:producttagger.home:-.}/data/fashion-mnist",
      description =
          "Directory with the four Fashion-MNIST IDX .gz files; only the training images are read"
              + " (default: ${DEFAULT-VALUE}).")
  private Path dataDirectory;

  RunDirectory run() {
    return new RunDirectory(runDirectory);
  }

  boolean resume() {
    return resume;
  }

  LabelledImages trainingImages() throws IOException {
    return FashionMnist.loadTrain(dataDirectory);
  }

  /** Throws a usage error naming the first of {@code fixedByRun} on the command line. */
  void rejectFixed(List<String> fixedByRun) {
    for (String option : fixedByRun) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ParameterException(
            spec.commandLine(),
            option + " is fixed by the run being resumed; only --epochs may change with --resume");
      }
    }
  }

  /** The epochs given with --epochs, else those the run was planned for. */
  int plannedEpochs(int givenEpochs, TrainingConfig saved) {
    return spec.commandLine().getParseResult().hasMatchedOption("--epochs")
        ? givenEpochs
        : saved.epochs();
  }
}
