package dev.producttagger.runtime.blas;

/** An activation layer: the function alone, value by value. */
record Elementwise(FeatureShape output, Nonlinearity nonlinearity) implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    float[] result = activations.clone();
    nonlinearity.apply(result, images, output.size());
    return result;
  }
}
