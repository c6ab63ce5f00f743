package dev.producttagger.trainer.report;

import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.EpochRecord;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.RunDirectoryException;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One run as the report shows it: its name (the directory's), its history, and its best model's
 * test evaluation when {@code trainer evaluate} or {@code trainer export} has written one.
 */
public record ReportedRun(
    String name,
    RunDirectory directory,
    TrainingHistory history,
    Optional<Evaluation> testEvaluation) {

  /** Reads a run directory; it must hold a history.json with at least one epoch. */
  public static ReportedRun load(Path directory) throws IOException {
    RunDirectory run = new RunDirectory(directory);
    if (!Files.exists(run.historyFile())) {
      throw new RunDirectoryException(
          directory + " has no history.json; is it a run directory written by 'trainer train'?");
    }
    TrainingHistory history = run.readHistory();
    if (history.completedEpochs() == 0) {
      throw new RunDirectoryException(directory + " has no finished epoch to report");
    }
    Optional<Evaluation> evaluation =
        Files.exists(run.evaluationFile())
            ? Optional.of(Json.read(run.evaluationFile(), Evaluation.class))
            : Optional.empty();
    return new ReportedRun(
        directory.toAbsolutePath().normalize().getFileName().toString(), run, history, evaluation);
  }

  public EpochRecord lastEpoch() {
    List<EpochRecord> epochs = history.epochs();
    return epochs.get(epochs.size() - 1);
  }

  public EpochRecord bestEpoch() {
    return history.best().orElseThrow();
  }

  /** Wall time of all epochs, validation included. */
  public double trainingMinutes() {
    return history.epochs().stream().mapToDouble(EpochRecord::seconds).sum() / 60;
  }
}
