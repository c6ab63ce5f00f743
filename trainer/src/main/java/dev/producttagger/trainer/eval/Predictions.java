package dev.producttagger.trainer.eval;

import dev.producttagger.dataset.LabelledImages;

/**
 * A network's answers for a set of images, in the set's order: the predicted class and its
 * probability per image, and the mean cross-entropy against the true labels.
 */
public record Predictions(int[] predicted, float[] confidence, double meanLoss) {

  public double accuracy(LabelledImages truth) {
    return confusionMatrix(truth).accuracy();
  }

  public ConfusionMatrix confusionMatrix(LabelledImages truth) {
    if (truth.size() != predicted.length) {
      throw new IllegalArgumentException(
          predicted.length + " predictions for " + truth.size() + " images");
    }
    ConfusionMatrix matrix = new ConfusionMatrix(LabelledImages.CLASS_COUNT);
    for (int i = 0; i < predicted.length; i++) {
      matrix.add(truth.label(i), predicted[i]);
    }
    return matrix;
  }
}
