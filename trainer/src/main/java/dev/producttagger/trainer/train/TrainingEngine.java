package dev.producttagger.trainer.train;

import dev.producttagger.trainer.samediff.SameDiffStep;

/** What computes each training step's forward and backward pass. */
public enum TrainingEngine {

  /** DL4J's {@code MultiLayerNetwork.fit}: every architecture and option. */
  DL4J,

  /**
   * A SameDiff graph of the same layers ({@link SameDiffStep}), with the step taken by the DL4J
   * network's own updater: networks without batch normalisation, one replica, without
   * sharpness-aware minimisation, not fine-tuning.
   */
  SAMEDIFF
}
