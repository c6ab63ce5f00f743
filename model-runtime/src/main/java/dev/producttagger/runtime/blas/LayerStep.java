package dev.producttagger.runtime.blas;

/** One layer of a {@link BlasForwardPass}, with the shapes it takes and gives fixed when built. */
sealed interface LayerStep
    permits Convolution, MaxPooling, ChannelAffine, Elementwise, FullyConnected {

  FeatureShape output();

  /**
   * This layer's activations for {@code images} images whose input activations, channels last, are
   * {@code input}, in the first {@code images x output().size()} floats of one of {@code scratch}'s
   * activation arrays: {@code input} is left as it is.
   */
  float[] apply(float[] input, int images, Scratch scratch);
}
