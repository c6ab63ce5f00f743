package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * One layer of a {@link BlasNetwork}, channels last, for one replica: its forward pass keeps what
 * its backward pass needs, so the two alternate, one minibatch part at a time. Arrays it returns
 * are its own, valid until its next call.
 */
sealed interface TrainingLayer
    permits Convolution,
        MaxPooling,
        InvertedDropout,
        Flatten,
        Dense,
        Rectifier,
        BatchNormalisation {

  FeatureShape output();

  /** Takes this layer's weights from the network's flattened parameters; none by default. */
  default void load(float[] parameters) {}

  /** This layer's output for {@code images} images whose input is {@code input}. */
  float[] forward(float[] input, int images);

  /**
   * From the loss's gradient at this layer's last output, {@code outputGradient} (which this layer
   * may overwrite), writes the gradient of its parameters into {@code gradient}, at their places in
   * the network's flattened parameters, and returns the gradient at its input, or null when {@code
   * toInput} is false (the first layer's input is the images).
   */
  float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput);

  /** {@code array} when it holds {@code length} floats, else a new array that does. */
  static float[] atLeast(float[] array, int length) {
    return array.length >= length ? array : new float[length];
  }
}
