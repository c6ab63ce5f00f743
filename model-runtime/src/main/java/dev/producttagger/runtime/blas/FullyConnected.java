package dev.producttagger.runtime.blas;

/** A dense (or output) layer: {@code inputs x outputs} weights, bias, activation. */
record FullyConnected(
    FeatureShape input,
    FeatureShape output,
    WeightMatrix weights,
    float[] bias,
    Nonlinearity nonlinearity)
    implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int floats = images * input.size();
    scratch.left(floats).put(0, activations, 0, floats);
    float[] result = scratch.times(images, weights, activations);
    addBias(result, images, bias);
    nonlinearity.apply(result, images, output.size());
    return result;
  }

  /** Adds {@code bias}, when there is one, to each of {@code rows} rows of its length. */
  static void addBias(float[] values, int rows, float[] bias) {
    if (bias == null) {
      return;
    }
    int width = bias.length;
    for (int row = 0; row < rows; row++) {
      int offset = row * width;
      for (int i = 0; i < width; i++) {
        values[offset + i] += bias[i];
      }
    }
  }
}
