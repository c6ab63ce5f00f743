package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {

  @ParameterizedTest
  @CsvSource({
    "ADAM, 0.001, DL4J",
    "NESTEROV, 0.02, DL4J",
    "ADAM, 0.001, SAMEDIFF",
    "ADAM, 0.001, BLAS"
  })
  void aTinyRunLearnsToClassifyHeldOutImages(
      Optimizer optimizer, double learningRate, TrainingEngine engine, @TempDir Path dir)
      throws IOException {
    // 3,750 images: 3,000 to train on, 750 held out for validation.
    TrainingConfig config =
        new TrainingConfig(
            Architecture.PAPER_BASELINE,
            3,
            16,
            learningRate,
            "constant",
            0,
            Augmentation.NONE,
            42,
            5,
            3750,
            0,
            0,
            null,
            0,
            optimizer,
            0,
            false,
            null,
            1,
            engine);
    StratifiedSplit split = config.split(TestData.fashionMnistTrain());
    RunDirectory run = new RunDirectory(dir);

    TrainingHistory history = Trainer.start(run, config, split);

    assertEquals(3000, split.kept().size());
    assertEquals(3, history.completedEpochs());
    EpochRecord best = history.best().orElseThrow();
    assertTrue(best.validationAccuracy() > 0.75, "held-out accuracy " + best.validationAccuracy());
    MultiLayerNetwork bestModel = run.loadBestModel();
    assertEquals(
        best.validationAccuracy(),
        Evaluator.predict(Evaluator.predictor(bestModel, false), split.heldOut(), 100)
            .accuracy(split.heldOut()),
        1e-9);
    assertEquals(history, run.readHistory());
  }

  /**
   * Two replicas take the steps one network takes (no dropout or batch normalisation to tell them
   * apart), so the run reports the same losses and accuracies, over every image of the epoch. Few
   * steps: float rounding differs between a sum over 16 images and two over 8, and early training
   * amplifies it over a few dozen steps.
   */
  @ParameterizedTest
  @EnumSource(TrainingEngine.class)
  void twoReplicasTrainTheRunOneNetworkTrains(TrainingEngine engine, @TempDir Path dir)
      throws IOException {
    TrainingConfig one = fewNesterovSteps(0, engine);
    TrainingConfig two = TestRuns.withReplicas(one, 2);
    StratifiedSplit split = one.split(TestData.fashionMnistTrain());

    EpochRecord alone =
        Trainer.start(new RunDirectory(dir.resolve("one")), one, split).epochs().get(0);
    RunDirectory twoRun = new RunDirectory(dir.resolve("two"));
    EpochRecord shared = Trainer.start(twoRun, two, split).epochs().get(0);

    assertEquals(alone.trainLoss(), shared.trainLoss(), 1e-5);
    assertEquals(alone.trainAccuracy(), shared.trainAccuracy(), 1e-9, alone + " against " + shared);
    assertEquals(alone.validationLoss(), shared.validationLoss(), 1e-5);
    assertEquals(alone.validationAccuracy(), shared.validationAccuracy(), 1e-9);
    assertEquals(2, twoRun.readHistory().config().replicas());
    assertEquals(engine, twoRun.readHistory().config().engine());
  }

  /**
   * The training loss reported is the data loss. DL4J's score adds the weight-decay penalty at the
   * weights before the step; the other engines compute the data loss alone. A heavy decay shrinks
   * the weights by 1% a step, so a penalty taken at the stepped weights would be off by about 2
   * nats a step.
   */
  @ParameterizedTest
  @EnumSource(
      value = TrainingEngine.class,
      names = {"SAMEDIFF", "BLAS"})
  void everyEngineReportsTheDataLossUnderWeightDecay(TrainingEngine engine, @TempDir Path dir)
      throws IOException {
    TrainingConfig byFit = fewNesterovSteps(0.5, TrainingEngine.DL4J);
    StratifiedSplit split = byFit.split(TestData.fashionMnistTrain());

    EpochRecord dl4j =
        Trainer.start(new RunDirectory(dir.resolve("dl4j")), byFit, split).epochs().get(0);
    EpochRecord other =
        Trainer.start(
                new RunDirectory(dir.resolve("other")), TestRuns.withEngine(byFit, engine), split)
            .epochs()
            .get(0);

    assertEquals(other.trainLoss(), dl4j.trainLoss(), 0.01);
    assertTrue(dl4j.trainLoss() < 3, "a data loss, not the penalty: " + dl4j.trainLoss());
  }

  @Test
  void aResumedRunContinuesExactlyWhereItStopped(@TempDir Path dir) throws IOException {
    // Batch norm, dropout, augmentation, a schedule, label smoothing, weight averaging over both
    // epochs and sharpness-aware steps: every kind of state a resume must restore or set up again.
    TrainingConfig twoEpochs =
        new TrainingConfig(
            Architecture.BATCHNORM_CNN,
            2,
            50,
            0.002,
            "cosine",
            0.25,
            Augmentation.SHIFT_AND_FLIP,
            7,
            5,
            500,
            0.1,
            2,
            null,
            0,
            Optimizer.ADAM,
            0.05,
            false,
            null,
            1,
            TrainingEngine.DL4J);
    StratifiedSplit split = twoEpochs.split(TestData.fashionMnistTrain());
    RunDirectory straight = new RunDirectory(dir.resolve("straight"));
    RunDirectory interrupted = new RunDirectory(dir.resolve("interrupted"));

    TrainingHistory uninterrupted = Trainer.start(straight, twoEpochs, split);
    TrainingHistory afterOne = Trainer.start(interrupted, twoEpochs.withEpochs(1), split);
    TrainingHistory resumed = Trainer.resume(interrupted, 2, split);

    assertEquals(1, afterOne.completedEpochs());
    assertEquals(2, resumed.completedEpochs());
    assertEquals(afterOne.epochs().get(0), resumed.epochs().get(0));
    assertEquals(withoutTimings(uninterrupted.epochs()), withoutTimings(resumed.epochs()));
    assertEquals(
        straight.loadCheckpoint().network().params(),
        interrupted.loadCheckpoint().network().params());
    assertEquals(resumed, interrupted.readHistory());
    assertEquals(resumed, interrupted.checkpointHistory());
  }

  /**
   * A SameDiff or BLAS run keeps its state in the DL4J network (Adam's moments, the iteration
   * count, batch normalisation's moving averages) and draws dropout masks from the epoch's seed, so
   * a resumed run matches an uninterrupted one.
   */
  @ParameterizedTest
  @EnumSource(
      value = TrainingEngine.class,
      names = {"SAMEDIFF", "BLAS"})
  void aResumedEngineRunContinuesExactlyWhereItStopped(TrainingEngine engine, @TempDir Path dir)
      throws IOException {
    TrainingConfig twoEpochs =
        new TrainingConfig(
            Architecture.BATCHNORM_CNN,
            2,
            50,
            0.002,
            "cosine",
            0.2,
            Augmentation.FLIP,
            7,
            5,
            500,
            0.1,
            2,
            null,
            0.05,
            Optimizer.ADAM,
            0,
            false,
            null,
            1,
            engine);
    StratifiedSplit split = twoEpochs.split(TestData.fashionMnistTrain());
    RunDirectory straight = new RunDirectory(dir.resolve("straight"));
    RunDirectory interrupted = new RunDirectory(dir.resolve("interrupted"));

    TrainingHistory uninterrupted = Trainer.start(straight, twoEpochs, split);
    Trainer.start(interrupted, twoEpochs.withEpochs(1), split);
    TrainingHistory resumed = Trainer.resume(interrupted, 2, split);

    assertEquals(withoutTimings(uninterrupted.epochs()), withoutTimings(resumed.epochs()));
    assertEquals(
        straight.loadCheckpoint().network().params(),
        interrupted.loadCheckpoint().network().params());
    assertEquals(engine, interrupted.readHistory().config().engine());
  }

  @ParameterizedTest
  @EnumSource(
      value = TrainingEngine.class,
      names = {"SAMEDIFF", "BLAS"})
  void enginesRefuseWhatTheyCannotTrain(TrainingEngine engine) {
    TrainingConfig paper = TestRuns.config(Architecture.PAPER_DROPOUT);
    IllegalArgumentException sharpness =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestRuns.withEngine(TestRuns.withSharpness(paper, 0.05), engine));

    assertAll(
        () ->
            assertEquals(
                "--engine " + engine + " trains runs of 'trainer train' without --sharpness-radius",
                sharpness.getMessage()),
        () -> assertEquals(engine, TestRuns.withEngine(paper, engine).engine()));
  }

  @Test
  void refusesToStartOverAnExistingRunAndToResumeWithoutOne(@TempDir Path dir) throws IOException {
    TrainingConfig config =
        new TrainingConfig(
            Architecture.PAPER_BASELINE,
            1,
            50,
            0.001,
            "constant",
            0,
            Augmentation.NONE,
            1,
            5,
            100,
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
    StratifiedSplit split = config.split(TestData.fashionMnistTrain());
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    Trainer.start(run, config, split);

    assertThrows(RunDirectoryException.class, () -> Trainer.start(run, config, split));
    assertThrows(
        RunDirectoryException.class,
        () -> Trainer.resume(new RunDirectory(dir.resolve("empty")), 2, split));
  }

  /**
   * The paper's baseline, one epoch of 15 Nesterov steps of 16 images, without dropout or
   * augmentation.
   */
  private static TrainingConfig fewNesterovSteps(double weightDecay, TrainingEngine engine) {
    return new TrainingConfig(
        Architecture.PAPER_BASELINE,
        1,
        16,
        0.02,
        "constant",
        0,
        Augmentation.NONE,
        42,
        5,
        300,
        0,
        0,
        null,
        weightDecay,
        Optimizer.NESTEROV,
        0,
        false,
        null,
        1,
        engine);
  }

  /** Epoch records with the wall-clock fields zeroed, which differ between any two runs. */
  private static List<EpochRecord> withoutTimings(List<EpochRecord> epochs) {
    return epochs.stream()
        .map(
            e ->
                new EpochRecord(
                    e.epoch(),
                    e.learningRate(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.validationLoss(),
                    e.validationAccuracy(),
                    0,
                    0))
        .toList();
  }
}
