package dev.producttagger.runtime.blas;

/** Max pooling without padding: each output value is the largest in its window, per channel. */
record MaxPooling(
    FeatureShape input,
    FeatureShape output,
    int kernelHeight,
    int kernelWidth,
    int strideY,
    int strideX)
    implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int channels = input.channels();
    float[] result = scratch.activations(activations, images * output.size());
    int at = 0;
    for (int image = 0; image < images; image++) {
      for (int outY = 0; outY < output.height(); outY++) {
        for (int outX = 0; outX < output.width(); outX++, at += channels) {
          for (int ky = 0; ky < kernelHeight; ky++) {
            for (int kx = 0; kx < kernelWidth; kx++) {
              int y = outY * strideY + ky;
              int x = outX * strideX + kx;
              int from = ((image * input.height() + y) * input.width() + x) * channels;
              boolean first = ky == 0 && kx == 0;
              for (int c = 0; c < channels; c++) {
                float value = activations[from + c];
                result[at + c] = first ? value : Math.max(result[at + c], value);
              }
            }
          }
        }
      }
    }
    return result;
  }
}
