package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * A ReLU activation layer: forward {@code max(x, 0)}; backward, the gradient where x was positive.
 */
final class Rectifier implements TrainingLayer {

  private final FeatureShape shape;
  private final boolean masksGradient;
  private float[] activations = new float[0];

  /**
   * @param masksGradient whether the backward pass applies ReLU's mask; not when the layer after
   *     has masked the gradient already ({@link MaxPooling})
   */
  Rectifier(FeatureShape shape, boolean masksGradient) {
    this.shape = shape;
    this.masksGradient = masksGradient;
  }

  @Override
  public FeatureShape output() {
    return shape;
  }

  @Override
  public float[] forward(float[] input, int images) {
    int floats = images * shape.size();
    activations = TrainingLayer.atLeast(activations, floats);
    for (int i = 0; i < floats; i++) {
      activations[i] = Math.max(input[i], 0f);
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    if (!toInput) {
      return null;
    }
    if (masksGradient) {
      int floats = images * shape.size();
      for (int i = 0; i < floats; i++) {
        if (activations[i] <= 0f) {
          outputGradient[i] = 0f;
        }
      }
    }
    return outputGradient;
  }
}
