package dev.producttagger.trainer.finetune;

import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.FrozenLayers;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingEngine;
import java.util.List;

/**
 * The settings a fine-tuning run is started with; checked when made, before any data is read.
 *
 * @param baseWeight the base's share of the kept weights: after the last epoch each weight becomes
 *     {@code baseWeight * base + (1 - baseWeight) * fine-tuned}, in [0, 1); 0 keeps the last epoch
 * @param replayDistillation the base's share of each replayed image's target, in [0, 1]: the target
 *     is {@code (1 - w) * label + w * base}, where {@code base} is the base's probabilities for the
 *     image (learning without forgetting, Li and Hoiem, 2016). The base's whole answer says more
 *     about what it knew than the label alone, so the replay holds more of it in place; the
 *     examples keep the reviewers' labels. 0 replays labels alone
 * @param tunedLayers the layers to train as asked: layer names, {@link FrozenLayers#HEAD}, or
 *     {@link FrozenLayers#ALL} or nothing for all; every other layer keeps the base's weights.
 *     Resolved to names against the base's network when the run is prepared
 * @param augment how training images are augmented; null to follow the base: {@link
 *     Augmentation#FLIP} for a base that predicts mirror averaged (it was trained on flips and
 *     serves both orientations), none otherwise
 */
public record FineTuneRecipe(
    int epochs,
    int batchSize,
    double learningRate,
    double replayRatio,
    double baseWeight,
    double replayDistillation,
    List<String> tunedLayers,
    Augmentation augment,
    long seed) {

  /** Fine-tuning runs on a constant learning rate: few epochs, all of them small steps. */
  private static final String SCHEDULE = "constant";

  public FineTuneRecipe {
    TrainingConfig.checkLength(epochs, batchSize, learningRate);
    ReplayMix.checkRatio(replayRatio);
    FineTuning.checkBaseWeight(baseWeight);
    FineTuning.checkReplayDistillation(replayDistillation);
    tunedLayers = List.copyOf(tunedLayers);
  }

  /**
   * The run's config: Adam with fresh moments (a bundle keeps no updater state), the base network's
   * own layers (dropout and weight decay included), no validation split, the last epoch kept.
   */
  TrainingConfig config(FineTuning fineTuning) {
    Augmentation augmentation =
        augment != null
            ? augment
            : fineTuning.base().mirrorAveraged() ? Augmentation.FLIP : Augmentation.NONE;
    return new TrainingConfig(
        null,
        epochs,
        batchSize,
        learningRate,
        SCHEDULE,
        0,
        augmentation,
        seed,
        1,
        null,
        0,
        0,
        null,
        0,
        Optimizer.ADAM,
        0,
        true,
        fineTuning,
        1,
        TrainingEngine.DL4J);
  }
}
