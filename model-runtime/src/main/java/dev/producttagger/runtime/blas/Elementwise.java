package dev.producttagger.runtime.blas;

/** An activation layer: the function alone, value by value. */
record Elementwise(FeatureShape output, Nonlinearity nonlinearity) implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int length = images * output.size();
    float[] result = scratch.activations(activations, length);
    System.arraycopy(activations, 0, result, 0, length);
    nonlinearity.apply(result, images, output.size());
    return result;
  }
}
