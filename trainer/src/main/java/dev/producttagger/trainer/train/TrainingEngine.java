package dev.producttagger.trainer.train;

import dev.producttagger.trainer.blas.BlasStep;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.samediff.SameDiffStep;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;

/** What computes each training step's forward and backward pass. */
public enum TrainingEngine {

  /** DL4J's {@code MultiLayerNetwork.fit}: every architecture and option. */
  DL4J,

  /**
   * A SameDiff graph of the same layers ({@link SameDiffStep}), with the step taken by the DL4J
   * network's own updater: every architecture, without sharpness-aware minimisation, not
   * fine-tuning.
   */
  SAMEDIFF,

  /**
   * OpenBLAS matrix products and plain Java ({@link BlasStep}), with the step taken by the DL4J
   * network's own updater: every architecture, without sharpness-aware minimisation, not
   * fine-tuning.
   */
  BLAS;

  /**
   * The engine a run of {@code architecture} gets unless it asks for one: BLAS for networks without
   * batch normalisation, which it trains fastest and, over a full run of paper-dropout's recipe, as
   * well as DL4J (docs/benchmarks/2026-12-speed-log.md); DL4J for batch-normalised networks, until
   * a full run of theirs on another engine is checked the same way, and for sharpness-aware
   * minimisation, which the other engines do not do.
   */
  public static TrainingEngine defaultFor(Architecture architecture, double sharpnessRadius) {
    boolean normalised =
        architecture.configuration(0, 1e-3, architecture.defaultDropoutRate()).getConfs().stream()
            .map(NeuralNetConfiguration::getLayer)
            .anyMatch(BatchNormalization.class::isInstance);
    return sharpnessRadius == 0 && !normalised ? BLAS : DL4J;
  }
}
