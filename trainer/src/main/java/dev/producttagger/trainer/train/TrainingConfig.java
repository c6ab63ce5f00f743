package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.blas.BlasStep;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.finetune.FineTuning;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import java.util.Objects;

/**
 * Everything that decides a training run. Stored in every checkpoint and in history.json, so a
 * resumed run continues with exactly the settings it started with.
 *
 * @param epochs the most epochs to train (early stopping may end sooner)
 * @param learningRate the optimizer's initial learning rate
 * @param learningRateSchedule a {@link LearningRateSchedule} spec
 * @param dropoutRate the fraction of activations dropped by the architecture's dropout layers
 * @param augment how training images are augmented
 * @param patience epochs without a lower validation loss before training stops
 * @param limitTrain when not null, use only this many of the training images (a stratified sample)
 *     for tiny runs
 * @param labelSmoothing the share of each training label spread evenly over all classes (0: plain
 *     one-hot labels); absent from histories written before it existed, which read as 0
 * @param averagedEpochs stochastic weight averaging: after the last planned epoch the network takes
 *     the mean of its weights at the ends of the last this many epochs (0 or 1: no averaging);
 *     absent from older histories, which read as 0
 * @param distillation the teacher whose probabilities join the labels, null for none (and in
 *     histories written before distillation existed)
 * @param weightDecay decoupled weight decay, the share of each weight removed per step times the
 *     learning rate (see {@link Architecture#configuration(long, double, double, double)}); absent
 *     from older histories, which read as 0
 * @param optimizer how the weights follow their gradients; absent from older histories, which read
 *     as Adam
 * @param sharpnessRadius sharpness-aware minimisation's step before each gradient (0: none)
 * @param refit train on every training image, holding none out: no validation and no early
 *     stopping, the last epoch is the one kept. For the final fit of a recipe whose epochs were
 *     chosen on the validation split; absent from older histories, which read as false
 * @param replicas how many copies of the network share each minibatch, each on a thread of its own
 *     ({@link DataParallelGradient}); 1 trains one network; absent from older histories, which read
 *     as 1
 * @param engine what computes each step's gradient; absent from older histories, which read as
 *     {@link TrainingEngine#DL4J}
 */
public record TrainingConfig(
    Architecture architecture,
    int epochs,
    int batchSize,
    double learningRate,
    String learningRateSchedule,
    double dropoutRate,
    Augmentation augment,
    long seed,
    int patience,
    Integer limitTrain,
    double labelSmoothing,
    int averagedEpochs,
    Distillation distillation,
    double weightDecay,
    Optimizer optimizer,
    double sharpnessRadius,
    boolean refit,
    FineTuning fineTuning,
    int replicas,
    TrainingEngine engine) {

  public TrainingConfig {
    checkLength(epochs, batchSize, learningRate);
    require(patience >= 1, "patience must be at least 1, not " + patience);
    require(
        limitTrain == null || limitTrain >= 10,
        "--limit-train needs at least 10 images, not " + limitTrain);
    require(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "--label-smoothing must be in [0, 1), not " + labelSmoothing);
    require(averagedEpochs >= 0, "--average-epochs must be at least 0, not " + averagedEpochs);
    learningRateSchedule = LearningRateSchedule.parse(learningRateSchedule).spec();
    if (fineTuning == null) {
      Objects.requireNonNull(architecture, "architecture");
      architecture.checkDropoutRate(dropoutRate);
    } else {
      require(
          architecture == null
              && refit
              && dropoutRate == 0
              && weightDecay == 0
              && distillation == null
              && limitTrain == null,
          "a fine-tuning run trains its base bundle's network as it is and keeps its last epoch");
    }
    Architecture.checkWeightDecay(weightDecay);
    require(
        sharpnessRadius >= 0 && sharpnessRadius <= 1,
        "--sharpness-radius must be in [0, 1], not " + sharpnessRadius);
    if (optimizer == null) {
      optimizer = Optimizer.ADAM;
    }
    if (replicas == 0) {
      replicas = 1;
    }
    require(
        replicas >= 1 && replicas <= batchSize,
        "--replicas must be between 1 and the batch size (" + batchSize + "), not " + replicas);
    require(
        replicas == 1 || sharpnessRadius == 0,
        "--replicas above 1 does not combine with --sharpness-radius: sharpness-aware"
            + " minimisation's second gradient would cover the first part of each minibatch only");
    if (engine == null) {
      engine = TrainingEngine.DL4J;
    }
    if (engine != TrainingEngine.DL4J) {
      require(
          fineTuning == null && sharpnessRadius == 0,
          "--engine " + engine + " trains runs of 'trainer train' without --sharpness-radius");
    }
    if (engine == TrainingEngine.BLAS && architecture != null) {
      String unsupported =
          BlasStep.unsupported(architecture.configuration(seed, 1e-3, dropoutRate));
      require(
          unsupported == null,
          "--engine BLAS cannot train " + architecture.id() + ": " + unsupported);
    }
  }

  /**
   * Throws unless a run of {@code epochs} epochs of minibatches of {@code batchSize} at {@code
   * learningRate} can be planned: for commands that check their options before reading any data.
   */
  public static void checkLength(int epochs, int batchSize, double learningRate) {
    require(epochs >= 1, "epochs must be at least 1, not " + epochs);
    require(batchSize >= 1, "batch size must be at least 1, not " + batchSize);
    require(
        learningRate > 0 && learningRate < 1,
        "learning rate must be in (0, 1), not " + learningRate);
  }

  public LearningRateSchedule schedule() {
    return LearningRateSchedule.parse(learningRateSchedule);
  }

  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(
        architecture,
        newEpochs,
        batchSize,
        learningRate,
        learningRateSchedule,
        dropoutRate,
        augment,
        seed,
        patience,
        limitTrain,
        labelSmoothing,
        averagedEpochs,
        distillation,
        weightDecay,
        optimizer,
        sharpnessRadius,
        refit,
        fineTuning,
        replicas,
        engine);
  }

  /**
   * The architecture's id, or a fine-tuning run's base bundle's, as bundles and reports name it.
   */
  public String architectureId() {
    return fineTuning == null ? architecture.id() : fineTuning.base().architecture();
  }

  /** The first epoch whose weights enter the average: the last {@code averagedEpochs} planned. */
  public int firstAveragedEpoch() {
    return Math.max(1, epochs - Math.max(averagedEpochs, 1) + 1);
  }

  /**
   * The stratified, seeded train/validation split of the training images (80/20), after sampling
   * {@code limitTrain} of them when set; a refit holds out nothing. The test set never comes here.
   */
  public StratifiedSplit split(LabelledImages trainingImages) {
    LabelledImages pool = trainingImages;
    if (limitTrain != null && limitTrain < trainingImages.size()) {
      pool = StratifiedSplit.of(trainingImages, limitTrain, seed).heldOut();
    }
    return refit ? StratifiedSplit.of(pool, 0, seed) : StratifiedSplit.trainValidation(pool, seed);
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
