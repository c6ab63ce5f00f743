package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.train.TrainingHistory.StopReason;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

  private static final TrainingConfig CONFIG =
      new TrainingConfig(
          Architecture.PAPER_DROPOUT,
          10,
          64,
          0.001,
          "constant",
          0.3,
          Augmentation.FLIP,
          42,
          2,
          null,
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

  @Test
  void tracksTheEpochWithTheLowestValidationLoss() {
    TrainingHistory history = withLosses(CONFIG, 0.9, 0.7, 0.8);
    assertEquals(3, history.completedEpochs());
    assertEquals(2, history.bestEpoch());
    assertEquals(1, history.epochsWithoutImprovement());
    assertNull(history.stopReason());
  }

  @Test
  void stopsEarlyAfterPatienceEpochsWithoutImprovement() {
    TrainingHistory history = withLosses(CONFIG, 0.9, 0.7, 0.8, 0.7);
    assertEquals(StopReason.EARLY_STOPPING, history.stopReason());
    assertEquals(2, history.bestEpoch());
  }

  @Test
  void stopsAtTheLastPlannedEpoch() {
    TrainingHistory history = withLosses(CONFIG.withEpochs(2), 0.9, 0.8);
    assertEquals(StopReason.MAX_EPOCHS, history.stopReason());
  }

  @Test
  void aRunThatRanOutOfEpochsMayBeExtendedButAnEarlyStoppedOneNot() {
    TrainingHistory ranOut = withLosses(CONFIG.withEpochs(2), 0.9, 0.8).withPlannedEpochs(4);
    assertNull(ranOut.stopReason());
    assertEquals(4, ranOut.config().epochs());
    assertEquals(3, ranOut.nextEpoch());

    TrainingHistory stopped = withLosses(CONFIG, 0.9, 1.0, 1.1).withPlannedEpochs(20);
    assertEquals(StopReason.EARLY_STOPPING, stopped.stopReason());
  }

  @Test
  void refusesEpochsOutOfOrder() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingHistory.begin(CONFIG).withEpoch(record(2, 0.5)));
  }

  @Test
  void roundTripsThroughJson() throws IOException {
    TrainingHistory history = withLosses(CONFIG.withEpochs(3), 0.9, 0.7, 0.8);
    assertEquals(history, Json.read(Json.write(history), TrainingHistory.class));
  }

  @Test
  void readsHistoriesWrittenWhenAugmentationWasABoolean() throws IOException {
    String json = Json.write(withLosses(CONFIG, 0.9));
    assertTrue(json.contains("\"augment\" : \"FLIP\""), json);
    for (Augmentation old : List.of(Augmentation.NONE, Augmentation.SHIFT_AND_FLIP)) {
      String written = json.replace("\"FLIP\"", old == Augmentation.NONE ? "false" : "true");
      assertEquals(old, Json.read(written, TrainingHistory.class).config().augment());
    }
  }

  @Test
  void readsHistoriesWrittenBeforeLabelSmoothingAndWeightAveraging() throws IOException {
    String json = Json.write(withLosses(CONFIG, 0.9));
    String old =
        json.replaceAll(",\\s*\"labelSmoothing\" : [0-9.]+", "")
            .replaceAll(",\\s*\"averagedEpochs\" : [0-9]+", "");
    assertFalse(old.contains("labelSmoothing") || old.contains("averagedEpochs"), old);
    TrainingConfig read = Json.read(old, TrainingHistory.class).config();
    assertEquals(0, read.labelSmoothing());
    assertEquals(0, read.averagedEpochs());
  }

  @Test
  void readsHistoriesWrittenBeforeTheOptimizerWasAChoiceAsAdam() throws IOException {
    String json = Json.write(withLosses(CONFIG, 0.9));
    String old = json.replaceAll(",\\s*\"optimizer\" : \"ADAM\"", "");
    assertFalse(old.contains("optimizer"), old);
    assertEquals(Optimizer.ADAM, Json.read(old, TrainingHistory.class).config().optimizer());
  }

  @Test
  void aRefitKeepsItsLastEpochAndNeverStopsEarly() throws IOException {
    TrainingConfig refit = TestRuns.refit(CONFIG.withEpochs(4));
    TrainingHistory history = TrainingHistory.begin(refit);
    for (int epoch = 1; epoch <= 3; epoch++) {
      history = history.withEpoch(new EpochRecord(epoch, 0.001, 0.5, 0.8, null, null, 10, 300));
      assertEquals(epoch, history.bestEpoch());
      assertNull(history.stopReason(), "patience 2 does not stop a run without validation");
    }
    assertFalse(history.best().orElseThrow().validated());

    TrainingHistory read = Json.read(Json.write(history), TrainingHistory.class);
    assertEquals(history, read);
    assertTrue(read.config().refit());
    assertNull(read.epochs().get(0).validationAccuracy());
  }

  @Test
  void aRefitHoldsNothingOutAndReadsAsFalseFromOlderHistories() throws IOException {
    LabelledImages images = TestData.fashionMnistTrain();
    StratifiedSplit split = CONFIG.withEpochs(3).split(images);
    assertEquals(48_000, split.kept().size());
    StratifiedSplit all = TestRuns.refit(CONFIG).split(images);
    assertEquals(60_000, all.kept().size());
    assertEquals(0, all.heldOut().size());

    String json = Json.write(withLosses(CONFIG, 0.9));
    String old = json.replaceAll(",\\s*\"refit\" : false", "");
    assertFalse(old.contains("refit"), old);
    assertFalse(Json.read(old, TrainingHistory.class).config().refit());
  }

  private static TrainingHistory withLosses(TrainingConfig config, double... validationLosses) {
    TrainingHistory history = TrainingHistory.begin(config);
    for (double loss : validationLosses) {
      history = history.withEpoch(record(history.nextEpoch(), loss));
    }
    return history;
  }

  private static EpochRecord record(int epoch, double validationLoss) {
    return new EpochRecord(epoch, 0.001, 0.5, 0.8, validationLoss, 0.85, 10, 300);
  }
}
