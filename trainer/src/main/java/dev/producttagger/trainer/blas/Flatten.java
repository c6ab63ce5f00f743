package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * Channels-last activations as the vector DL4J's flattening makes of channels-first ones, in
 * (channel, row, column) order, so the next dense layer's weights mean what they mean in DL4J.
 */
final class Flatten implements TrainingLayer {

  private final FeatureShape input;
  private final FeatureShape output;
  private float[] activations = new float[0];
  private float[] inputGradient = new float[0];

  Flatten(FeatureShape input) {
    this.input = input;
    this.output = FeatureShape.vector(input.size());
  }

  @Override
  public FeatureShape output() {
    return output;
  }

  @Override
  public float[] forward(float[] values, int images) {
    activations = TrainingLayer.atLeast(activations, images * input.size());
    reorder(values, activations, images, true);
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    if (!toInput) {
      return null;
    }
    inputGradient = TrainingLayer.atLeast(inputGradient, images * input.size());
    reorder(outputGradient, inputGradient, images, false);
    return inputGradient;
  }

  /** Channels last to DL4J's order when {@code flatten}, else back. */
  private void reorder(float[] from, float[] to, int images, boolean flatten) {
    int channels = input.channels();
    int positions = input.positions();
    int size = input.size();
    for (int image = 0; image < images; image++) {
      int base = image * size;
      for (int position = 0; position < positions; position++) {
        for (int channel = 0; channel < channels; channel++) {
          int channelsLast = base + position * channels + channel;
          int channelsFirst = base + channel * positions + position;
          if (flatten) {
            to[channelsFirst] = from[channelsLast];
          } else {
            to[channelsLast] = from[channelsFirst];
          }
        }
      }
    }
  }
}
