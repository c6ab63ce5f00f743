package dev.producttagger.trainer.step;

import org.nd4j.linalg.dataset.DataSet;

/**
 * A training step that computes a minibatch's gradient itself and has the network's own updater
 * take the step ({@link NetworkUpdate}), rather than calling the network's {@code fit}.
 */
public interface MinibatchStep extends AutoCloseable {

  /**
   * Trains the network on one minibatch of [n, 1, 28, 28] images and their targets (one-hot,
   * smoothed or distilled); {@code labels} are the classes, for counting correct predictions.
   */
  StepOutcome fit(DataSet batch, int[] labels);

  /** Stops any threads of the step's own. */
  @Override
  void close();
}
