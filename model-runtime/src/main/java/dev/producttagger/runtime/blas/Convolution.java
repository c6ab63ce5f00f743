package dev.producttagger.runtime.blas;

import java.nio.FloatBuffer;

/**
 * A 2-D convolution as one matrix product: each output position's input patch becomes a row
 * (im2col, zeros where the patch overhangs the padded border), times the kernels as a {@code
 * (kernel rows x kernel columns x input channels) x filters} matrix. Channels last, so a row is a
 * few contiguous runs of the input and the product's rows are the output, positions by filters.
 */
record Convolution(
    FeatureShape input,
    FeatureShape output,
    int kernelHeight,
    int kernelWidth,
    int strideY,
    int strideX,
    int padTop,
    int padLeft,
    WeightMatrix kernels,
    float[] bias,
    Nonlinearity nonlinearity)
    implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int channels = input.channels();
    int kernelRow = kernelWidth * channels;
    int depth = kernelHeight * kernelRow;
    int rows = images * output.positions();
    FloatBuffer patches = scratch.left((long) rows * depth);
    float[] zeros = new float[kernelRow];
    int row = 0;
    for (int image = 0; image < images; image++) {
      for (int outY = 0; outY < output.height(); outY++) {
        for (int outX = 0; outX < output.width(); outX++, row++) {
          int left = outX * strideX - padLeft;
          int first = Math.max(0, -left);
          int end = Math.min(kernelWidth, input.width() - left);
          for (int ky = 0; ky < kernelHeight; ky++) {
            int at = row * depth + ky * kernelRow;
            int y = outY * strideY + ky - padTop;
            if (y < 0 || y >= input.height() || end <= first) {
              patches.put(at, zeros, 0, kernelRow);
              continue;
            }
            patches.put(at, zeros, 0, first * channels);
            int from = ((image * input.height() + y) * input.width() + left + first) * channels;
            patches.put(at + first * channels, activations, from, (end - first) * channels);
            patches.put(at + end * channels, zeros, 0, (kernelWidth - end) * channels);
          }
        }
      }
    }
    float[] result = scratch.times(rows, kernels, activations);
    FullyConnected.addBias(result, rows, bias);
    nonlinearity.apply(result, images, output.size());
    return result;
  }
}
