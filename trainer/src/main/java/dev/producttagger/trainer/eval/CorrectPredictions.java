package dev.producttagger.trainer.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Counting a minibatch's correct predictions from its scores, as training reports accuracy. */
public final class CorrectPredictions {

  private CorrectPredictions() {}

  /**
   * How many rows of {@code scores} (logits or probabilities, one row per image) are highest at
   * their image's label; row i is image {@code offset + i} of {@code labels}.
   */
  public static int count(INDArray scores, int[] labels, int offset) {
    int[] predicted = scores.argMax(1).toIntVector();
    int hits = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == labels[offset + i]) {
        hits++;
      }
    }
    return hits;
  }
}
