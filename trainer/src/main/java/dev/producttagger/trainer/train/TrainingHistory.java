package dev.producttagger.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's settings and its finished epochs: the content of history.json and of the state in every
 * checkpoint.
 *
 * @param bestEpoch the epoch with the lowest validation loss so far (without validation, the last),
 *     0 before the first
 * @param stopReason why training ended, or null while it may go on
 */
public record TrainingHistory(
    TrainingConfig config, List<EpochRecord> epochs, int bestEpoch, StopReason stopReason) {

  public enum StopReason {
    EARLY_STOPPING,
    MAX_EPOCHS
  }

  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  public static TrainingHistory begin(TrainingConfig config) {
    return new TrainingHistory(config, List.of(), 0, null);
  }

  public int completedEpochs() {
    return epochs.size();
  }

  public int nextEpoch() {
    return epochs.size() + 1;
  }

  /**
   * The epoch with the lowest validation loss (without validation, the last), once there is one.
   */
  public Optional<EpochRecord> best() {
    return bestEpoch == 0 ? Optional.empty() : Optional.of(epochs.get(bestEpoch - 1));
  }

  public int epochsWithoutImprovement() {
    return epochs.size() - bestEpoch;
  }

  /**
   * Adds a finished epoch, which becomes the best if its validation loss is strictly the lowest, or
   * if it was not validated (a refit keeps its last epoch); stops when told.
   */
  public TrainingHistory withEpoch(EpochRecord record) {
    if (record.epoch() != nextEpoch()) {
      throw new IllegalArgumentException(
          "expected epoch " + nextEpoch() + ", got " + record.epoch());
    }
    List<EpochRecord> longer = new ArrayList<>(epochs);
    longer.add(record);
    boolean improved =
        !record.validated()
            || best().map(best -> record.validationLoss() < best.validationLoss()).orElse(true);
    TrainingHistory next =
        new TrainingHistory(config, longer, improved ? record.epoch() : bestEpoch, null);
    if (next.epochsWithoutImprovement() >= config.patience()) {
      return next.withStopReason(StopReason.EARLY_STOPPING);
    }
    if (record.epoch() >= config.epochs()) {
      return next.withStopReason(StopReason.MAX_EPOCHS);
    }
    return next;
  }

  /**
   * The same history planned for a different number of epochs; a run that only ran out of epochs
   * may go on.
   */
  public TrainingHistory withPlannedEpochs(int plannedEpochs) {
    StopReason reason =
        stopReason == StopReason.MAX_EPOCHS && plannedEpochs > epochs.size() ? null : stopReason;
    return new TrainingHistory(config.withEpochs(plannedEpochs), epochs, bestEpoch, reason);
  }

  private TrainingHistory withStopReason(StopReason reason) {
    return new TrainingHistory(config, epochs, bestEpoch, reason);
  }
}
