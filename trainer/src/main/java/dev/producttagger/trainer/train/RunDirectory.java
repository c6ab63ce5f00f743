package dev.producttagger.trainer.train;

import dev.producttagger.trainer.io.AtomicFiles;
import dev.producttagger.trainer.io.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The files of one training run. Every file is replaced atomically, so a run cut off at any moment
 * leaves the previous complete version of each.
 *
 * <ul>
 *   <li>{@code checkpoint.zip}: the latest epoch's network with its updater state (DL4J's
 *       ModelSerializer format) and, inside the same ZIP, the {@link TrainingHistory} as JSON and,
 *       while weights are being averaged, the {@link WeightAverage} so far.
 *   <li>{@code best-model.zip}: the network of the epoch with the lowest validation loss, without
 *       updater state.
 *   <li>{@code history.json}: the same {@link TrainingHistory}, for people and reports.
 *   <li>{@code evaluation.json}: the best model's test-set evaluation, written by {@code trainer
 *       evaluate}.
 *   <li>{@code examples.jsonl}: a fine-tuning run's labelled examples, as {@code trainer examples
 *       export} writes them, so that a resumed run learns from exactly the examples it started
 *       with.
 * </ul>
 */
public final class RunDirectory {

  /**
   * A restored checkpoint: the network ready to continue, the history up to it and the weight
   * average so far (null when none).
   */
  public record Checkpoint(
      MultiLayerNetwork network, TrainingHistory history, WeightAverage.State average) {}

  private static final String HISTORY_ENTRY = "trainingHistory";
  private static final String WEIGHT_AVERAGE_ENTRY = "weightAverage";

  private final Path root;

  public RunDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path checkpointFile() {
    return root.resolve("checkpoint.zip");
  }

  public Path bestModelFile() {
    return root.resolve("best-model.zip");
  }

  public Path historyFile() {
    return root.resolve("history.json");
  }

  public Path evaluationFile() {
    return root.resolve("evaluation.json");
  }

  public Path examplesFile() {
    return root.resolve("examples.jsonl");
  }

  public boolean hasCheckpoint() {
    return Files.exists(checkpointFile());
  }

  void saveCheckpoint(
      MultiLayerNetwork network, TrainingHistory history, WeightAverage.State average)
      throws IOException {
    AtomicFiles.replace(
        checkpointFile(),
        file -> {
          ModelSerializer.writeModel(network, file.toFile(), true);
          ModelSerializer.addObjectToFile(file.toFile(), HISTORY_ENTRY, Json.write(history));
          if (average != null) {
            ModelSerializer.addObjectToFile(file.toFile(), WEIGHT_AVERAGE_ENTRY, average);
          }
        });
  }

  public Checkpoint loadCheckpoint() throws IOException {
    TrainingHistory history = checkpointHistory();
    File file = checkpointFile().toFile();
    WeightAverage.State average =
        ModelSerializer.listObjectsInFile(file).contains(WEIGHT_AVERAGE_ENTRY)
            ? ModelSerializer.getObjectFromFile(file, WEIGHT_AVERAGE_ENTRY)
            : null;
    return new Checkpoint(ModelSerializer.restoreMultiLayerNetwork(file, true), history, average);
  }

  /** The history stored in the checkpoint, read without restoring the network. */
  public TrainingHistory checkpointHistory() throws IOException {
    if (!hasCheckpoint()) {
      throw new RunDirectoryException(root + " has no checkpoint.zip to resume from");
    }
    String json = ModelSerializer.getObjectFromFile(checkpointFile().toFile(), HISTORY_ENTRY);
    return Json.read(json, TrainingHistory.class);
  }

  public void saveBestModel(MultiLayerNetwork network) throws IOException {
    AtomicFiles.replace(
        bestModelFile(), file -> ModelSerializer.writeModel(network, file.toFile(), false));
  }

  public MultiLayerNetwork loadBestModel() throws IOException {
    if (!Files.exists(bestModelFile())) {
      throw new RunDirectoryException(
          root + " has no best-model.zip; train at least one epoch first");
    }
    return ModelSerializer.restoreMultiLayerNetwork(bestModelFile().toFile(), false);
  }

  public void writeHistory(TrainingHistory history) throws IOException {
    Json.write(historyFile(), history);
  }

  public TrainingHistory readHistory() throws IOException {
    return Json.read(historyFile(), TrainingHistory.class);
  }
}
