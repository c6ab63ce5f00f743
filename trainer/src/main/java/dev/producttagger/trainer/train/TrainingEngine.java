package dev.producttagger.trainer.train;

import dev.producttagger.trainer.blas.BlasStep;
import dev.producttagger.trainer.samediff.SameDiffStep;

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
   * The engine a run gets unless it asks for one: BLAS, which trains every architecture fastest
   * and, over full runs of paper-dropout's and batchnorm-vgg's recipes, as well as DL4J
   * (docs/benchmarks/2026-12-speed-log.md); DL4J for sharpness-aware minimisation, which the other
   * engines do not do.
   */
  public static TrainingEngine defaultFor(double sharpnessRadius) {
    return sharpnessRadius == 0 ? BLAS : DL4J;
  }
}
