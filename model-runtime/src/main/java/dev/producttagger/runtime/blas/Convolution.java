package dev.producttagger.runtime.blas;

import java.nio.FloatBuffer;

/**
 * A 2-D convolution as one matrix product of its input's patch rows ({@link
 * ConvolutionWindow#toPatchRows}) and its kernels. Channels last, so the product's rows are the
 * output, positions by filters.
 */
record Convolution(
    ConvolutionWindow window, WeightMatrix kernels, float[] bias, Nonlinearity nonlinearity)
    implements LayerStep {

  @Override
  public FeatureShape output() {
    return window.output();
  }

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int rows = images * window.output().positions();
    FloatBuffer patches = scratch.left((long) rows * window.depth());
    window.toPatchRows(activations, images, patches);
    float[] result = scratch.times(rows, kernels, activations);
    FullyConnected.addBias(result, rows, bias);
    nonlinearity.apply(result, images, window.output().size());
    return result;
  }
}
