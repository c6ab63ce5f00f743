package dev.producttagger.runtime.blas;

/**
 * Batch normalisation at inference: each channel scaled and shifted by constants folded from its
 * running mean and variance and its learnt gamma and beta.
 */
record ChannelAffine(FeatureShape output, float[] scale, float[] shift) implements LayerStep {

  @Override
  public float[] apply(float[] activations, int images, Scratch scratch) {
    int channels = output.channels();
    int length = images * output.size();
    float[] result = scratch.activations(activations, length);
    for (int offset = 0; offset < length; offset += channels) {
      for (int c = 0; c < channels; c++) {
        result[offset + c] = activations[offset + c] * scale[c] + shift[c];
      }
    }
    return result;
  }
}
