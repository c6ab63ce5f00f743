package dev.producttagger.trainer.eval;

/**
 * How a network's class probabilities for an image are formed. A bundle records the mode it was
 * evaluated in ({@code input.mirrorAveraged}), so the tagger predicts the same way.
 */
public enum PredictionMode {

  /** One forward pass over the image as it is. */
  ONE_PASS,

  /**
   * The mean of the probabilities for the image and for its left-right mirror image: test-time
   * augmentation for networks trained with flips, at twice the inference work.
   */
  MIRROR_AVERAGED
}
