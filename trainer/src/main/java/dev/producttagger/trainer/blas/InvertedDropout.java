package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * Inverted dropout by a mask the caller draws for each minibatch part ({@link #use}): each value
 * times its mask entry, 0 or 1/(share kept), forward and backward alike.
 */
final class InvertedDropout implements TrainingLayer {

  private final FeatureShape shape;
  private final double keep;
  private float[] mask;
  private float[] activations = new float[0];

  InvertedDropout(FeatureShape shape, double keep) {
    this.shape = shape;
    this.keep = keep;
  }

  @Override
  public FeatureShape output() {
    return shape;
  }

  /** The share of values kept. */
  double keep() {
    return keep;
  }

  /** The mask of the next forward pass: {@code images x output().size()} floats, channels last. */
  void use(float[] mask) {
    this.mask = mask;
  }

  @Override
  public float[] forward(float[] input, int images) {
    int floats = images * shape.size();
    if (mask == null || mask.length < floats) {
      throw new IllegalStateException("no dropout mask for " + images + " images");
    }
    activations = TrainingLayer.atLeast(activations, floats);
    for (int i = 0; i < floats; i++) {
      activations[i] = input[i] * mask[i];
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    if (!toInput) {
      return null;
    }
    int floats = images * shape.size();
    for (int i = 0; i < floats; i++) {
      outputGradient[i] *= mask[i];
    }
    return outputGradient;
  }
}
