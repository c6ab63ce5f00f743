package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.trainer.blas.BlasStep;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.eval.Predictions;
import dev.producttagger.trainer.finetune.FineTuning;
import dev.producttagger.trainer.model.LayerShape;
import dev.producttagger.trainer.progress.ImageProgress;
import dev.producttagger.trainer.samediff.SameDiffStep;
import dev.producttagger.trainer.step.MinibatchStep;
import dev.producttagger.trainer.step.StepOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network epoch by epoch on the training part of a split, validating on the held-out part
 * after each epoch. After every epoch it saves the best network so far (by validation loss) and a
 * checkpoint to resume from; it stops early after {@code patience} epochs without improvement. A
 * refit holds nothing out: it trains every planned epoch and keeps the last. With weight averaging,
 * the last planned epoch is validated with the averaged weights. When distilling, the teacher
 * predicts every training image once, before the first epoch (and again on resume). A fine-tuning
 * run starts from a given network instead of a new one and trains on {@link EpochImages} that may
 * change from epoch to epoch, without validation, keeping its last epoch.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private static final LabelledImages NO_IMAGES = new LabelledImages(new byte[0], new byte[0]);

  private final RunDirectory run;
  private final Inputs inputs;
  private final MultiLayerNetwork network;
  private final WeightAverage average;
  private final ForwardPassAccuracy accuracy = new ForwardPassAccuracy();
  private final SharpnessAwareGradient sharpnessAware;
  private final DataParallelGradient parallel;

  /** The step of the SameDiff or BLAS engine; null when DL4J's {@code fit} takes each step. */
  private final MinibatchStep engineStep;

  /**
   * What a run trains and validates on: a split's kept images every epoch, validated on its
   * held-out ones; or a fine-tuning run's images per epoch, without validation.
   */
  private record Inputs(
      EpochImages training, LabelledImages validation, IntFunction<TrainingTargets> targets) {

    static Inputs of(TrainingConfig config, StratifiedSplit split) throws IOException {
      TrainingTargets targets = Trainer.targets(config, split.kept());
      return new Inputs(EpochImages.same(split.kept()), split.heldOut(), epoch -> targets);
    }

    /** Labels, mixed with the epoch's teacher targets by the run's replay distillation weight. */
    static Inputs fineTuning(TrainingConfig config, EpochImages images) {
      TrainingTargets labels = TrainingTargets.labels(config.labelSmoothing());
      double teacherWeight = config.fineTuning().replayDistillation();
      return new Inputs(
          images,
          NO_IMAGES,
          epoch ->
              images
                  .teacher(epoch)
                  .map(
                      teacher ->
                          TrainingTargets.distilled(
                              config.labelSmoothing(), teacher, teacherWeight))
                  .orElse(labels));
    }
  }

  /** The inputs of a resumed run, made from its saved config. */
  @FunctionalInterface
  private interface InputsOfRun {
    Inputs of(TrainingConfig saved) throws IOException;
  }

  private Trainer(
      RunDirectory run,
      TrainingConfig config,
      Inputs inputs,
      MultiLayerNetwork network,
      WeightAverage.State averageSoFar) {
    this.run = run;
    this.inputs = inputs;
    this.network = network;
    this.average = new WeightAverage(averageSoFar);
    List<TrainingListener> listeners = new ArrayList<>();
    if (config.replicas() > 1) {
      NativeBackend.trainingReplicasWarning(System.getenv("OMP_NUM_THREADS"), config.replicas())
          .ifPresent(LOG::warn);
    }
    // First: the gradient every later listener sees is the whole minibatch's.
    if (config.replicas() > 1 && config.engine() == TrainingEngine.DL4J) {
      parallel = new DataParallelGradient(network, config.replicas());
      listeners.add(parallel);
    } else {
      parallel = null;
    }
    listeners.add(accuracy);
    if (config.sharpnessRadius() > 0) {
      sharpnessAware = new SharpnessAwareGradient(config.sharpnessRadius());
      listeners.add(sharpnessAware);
    } else {
      sharpnessAware = null;
    }
    FineTuning fineTuning = config.fineTuning();
    if (fineTuning != null && !fineTuning.tunedLayers().isEmpty()) {
      // Made from the network as it starts or resumes: a frozen layer has not moved since the base.
      listeners.add(FrozenLayers.allBut(network, fineTuning.tunedLayers()));
    }
    network.setListeners(listeners);
    engineStep =
        switch (config.engine()) {
          case SAMEDIFF -> SameDiffStep.of(network, true, config.replicas());
          case BLAS -> BlasStep.of(network, config.replicas());
          case DL4J -> null;
        };
  }

  /** Starts a new run in an empty run directory. */
  public static TrainingHistory start(RunDirectory run, TrainingConfig config, StratifiedSplit data)
      throws IOException {
    refuseExistingRun(run);
    MultiLayerNetwork network =
        config
            .architecture()
            .newNetwork(
                config.seed(),
                config.optimizer(),
                config.learningRate(),
                config.dropoutRate(),
                config.weightDecay());
    logNetwork(config.architecture().toString(), network, config);
    return new Trainer(run, config, Inputs.of(config, data), network, null)
        .continueFrom(TrainingHistory.begin(config));
  }

  /**
   * Starts a fine-tuning run in an empty run directory: {@code network}, already trained, learns
   * from {@code images} without validation (the config is a fine-tuning one, which keeps its last
   * epoch).
   */
  public static TrainingHistory startFrom(
      RunDirectory run, TrainingConfig config, MultiLayerNetwork network, EpochImages images)
      throws IOException {
    refuseExistingRun(run);
    requireFineTuning(run, config, true);
    logNetwork("fine-tuning " + config.architectureId(), network, config);
    return new Trainer(run, config, Inputs.fineTuning(config, images), network, null)
        .continueFrom(TrainingHistory.begin(config));
  }

  /**
   * Throws unless {@code run} is free for a new run: a run cut off before its first checkpoint may
   * be started again, a run with one must be resumed.
   */
  public static void refuseExistingRun(RunDirectory run) throws RunDirectoryException {
    if (run.hasCheckpoint()) {
      throw new RunDirectoryException(
          run.root()
              + " already holds a run; resume it with --resume or choose another run directory");
    }
  }

  /**
   * Continues the run in {@code run} from its last checkpoint, planned for {@code plannedEpochs} in
   * all (more than it had extends a run that ran out of epochs). {@code data} must be the run's own
   * split, {@code checkpointHistory().config().split(...)}.
   */
  public static TrainingHistory resume(RunDirectory run, int plannedEpochs, StratifiedSplit data)
      throws IOException {
    return resume(run, plannedEpochs, false, saved -> Inputs.of(saved, data));
  }

  /**
   * Continues the fine-tuning run in {@code run} from its last checkpoint, planned for {@code
   * plannedEpochs} in all, on the images the run draws per epoch.
   */
  public static TrainingHistory resume(RunDirectory run, int plannedEpochs, EpochImages images)
      throws IOException {
    return resume(run, plannedEpochs, true, saved -> Inputs.fineTuning(saved, images));
  }

  private static TrainingHistory resume(
      RunDirectory run, int plannedEpochs, boolean fineTuning, InputsOfRun inputs)
      throws IOException {
    RunDirectory.Checkpoint checkpoint = run.loadCheckpoint();
    TrainingHistory history = checkpoint.history().withPlannedEpochs(plannedEpochs);
    requireFineTuning(run, history.config(), fineTuning);
    LOG.info(
        "resuming {} after epoch {} of {}", run.root(), history.completedEpochs(), plannedEpochs);
    return new Trainer(
            run,
            history.config(),
            inputs.of(history.config()),
            checkpoint.network(),
            checkpoint.average())
        .continueFrom(history);
  }

  /**
   * Throws unless {@code config} is a fine-tuning run's when {@code expected}, and a run of {@code
   * train}'s otherwise: each continues only with its own command.
   */
  public static void requireFineTuning(RunDirectory run, TrainingConfig config, boolean expected)
      throws RunDirectoryException {
    boolean fineTuning = config.fineTuning() != null;
    if (fineTuning != expected) {
      throw new RunDirectoryException(
          fineTuning
              ? run.root()
                  + " holds a fine-tuning run; continue it with 'trainer fine-tune --resume'"
              : run.root() + " holds a run of 'trainer train'; continue it with 'train --resume'");
    }
  }

  /** Plain or smoothed labels, or with distillation, the teacher's targets for {@code training}. */
  private static TrainingTargets targets(TrainingConfig config, LabelledImages training)
      throws IOException {
    Distillation distillation = config.distillation();
    return distillation == null
        ? TrainingTargets.labels(config.labelSmoothing())
        : TrainingTargets.distilled(
            config.labelSmoothing(),
            TeacherTargets.compute(distillation, training),
            distillation.weight());
  }

  private static void logNetwork(String what, MultiLayerNetwork network, TrainingConfig config) {
    LOG.info(
        "{} with {} parameters, trained by {} computed by {}, on the {}:\n{}",
        what,
        network.numParams(),
        config.optimizer(),
        config.engine(),
        NativeBackend.describe(),
        LayerShape.table(LayerShape.of(network)));
  }

  private TrainingHistory continueFrom(TrainingHistory start) throws IOException {
    try {
      return trainEpochs(start);
    } finally {
      if (parallel != null) {
        parallel.close();
      }
      if (engineStep != null) {
        engineStep.close();
      }
    }
  }

  private TrainingHistory trainEpochs(TrainingHistory start) throws IOException {
    TrainingHistory history = start;
    while (history.stopReason() == null && history.nextEpoch() <= history.config().epochs()) {
      history = history.withEpoch(trainEpoch(history.config(), history.nextEpoch()));
      if (history.bestEpoch() == history.completedEpochs()) {
        run.saveBestModel(network);
      }
      run.saveCheckpoint(network, history, average.state());
      run.writeHistory(history);
    }
    if (history.stopReason() != null) {
      EpochRecord best = history.best().orElseThrow();
      LOG.info(
          "training finished ({}) after epoch {}; {}",
          history.stopReason(),
          history.completedEpochs(),
          best.validated()
              ? String.format(
                  "best epoch %d: validation loss %.4f, accuracy %.4f",
                  best.epoch(), best.validationLoss(), best.validationAccuracy())
              : withoutValidation(history.config())
                  + " without validation, keeping the last epoch");
    }
    return history;
  }

  private EpochRecord trainEpoch(TrainingConfig config, int epoch) {
    long started = System.nanoTime();
    double learningRate = config.schedule().rate(config.learningRate(), epoch, config.epochs());
    network.setLearningRate(learningRate);
    EpochSeeds seeds = EpochSeeds.of(config.seed(), epoch);
    Nd4j.getRandom().setSeed(seeds.dropout());
    if (parallel != null) {
      parallel.seedDropout(seeds.dropout());
    }
    LabelledImages images = inputs.training().of(epoch);
    MiniBatches batches =
        new MiniBatches(
            images,
            config.batchSize(),
            config.augment(),
            inputs.targets().apply(epoch),
            seeds.shuffle());

    double lossSum = 0;
    int correct = 0;
    int seen = 0;
    try (ImageProgress progress =
        ImageProgress.start("epoch " + epoch + "/" + config.epochs(), images.size())) {
      while (batches.hasNext()) {
        MiniBatches.Batch batch = batches.next();
        StepOutcome step =
            engineStep == null
                ? fitByNetwork(batch)
                : engineStep.fit(batch.dataSet(), batch.labels());
        lossSum += step.loss() * batch.size();
        correct += step.correct();
        seen += batch.size();
        progress.advance(
            batch.size(),
            String.format(" loss %.4f acc %.4f", lossSum / seen, (double) correct / seen));
      }
    }
    double trainingSeconds = (System.nanoTime() - started) / 1e9;
    if (average.add(network, epoch, config)) {
      LOG.info(
          "epoch {}: validating the mean of the weights after epochs {}-{}",
          epoch,
          average.state().firstEpoch(),
          epoch);
    }

    Double validationLoss = null;
    Double validationAccuracy = null;
    LabelledImages validation = inputs.validation();
    if (validation.size() > 0) {
      Predictions predictions =
          Evaluator.predict(
              Evaluator.predictor(network, false), validation, Evaluator.DEFAULT_BATCH_SIZE);
      validationLoss = predictions.meanLoss();
      validationAccuracy = predictions.accuracy(validation);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    EpochRecord record =
        new EpochRecord(
            epoch,
            learningRate,
            lossSum / seen,
            (double) correct / seen,
            validationLoss,
            validationAccuracy,
            seconds,
            seen / trainingSeconds);
    LOG.info(
        String.format(
            "epoch %d/%d: lr %.2e, train loss %.4f acc %.4f, %s, %.0f s, %.0f img/s",
            epoch,
            config.epochs(),
            learningRate,
            record.trainLoss(),
            record.trainAccuracy(),
            record.validated()
                ? String.format("validation loss %.4f acc %.4f", validationLoss, validationAccuracy)
                : "no validation (" + withoutValidation(config) + ")",
            seconds,
            record.imagesPerSecond()));
    return record;
  }

  /**
   * One step by the network's own {@code fit}, with the listeners: the data loss and correct
   * predictions of the whole minibatch, replicas' parts included.
   */
  private StepOutcome fitByNetwork(MiniBatches.Batch batch) {
    DataParallelGradient.Part own =
        parallel == null
            ? new DataParallelGradient.Part(batch.dataSet(), batch.labels())
            : parallel.begin(batch.dataSet(), batch.labels());
    accuracy.expect(own.labels());
    // score() includes the weight-decay penalty at the weights before the step; the training loss
    // reported is the data loss, so that penalty is taken now, not after the step moved them.
    double penalty = network.calcRegularizationScore(true);
    network.fit(own.dataSet());
    // The loss at the weights trained on, not at sharpness-aware minimisation's moved ones.
    double score = sharpnessAware == null ? network.score() : sharpnessAware.unperturbedScore();
    int correct = accuracy.correct();
    if (parallel != null) {
      score = parallel.meanScore(score);
      correct += parallel.replicaCorrect();
    }
    return new StepOutcome(score - penalty, correct);
  }

  /** What kind of run trains without validation, for the log. */
  private static String withoutValidation(TrainingConfig config) {
    return config.fineTuning() != null ? "fine-tuning" : "refit";
  }
}
