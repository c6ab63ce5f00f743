package dev.producttagger.runtime.blas;

import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/** The activation functions the BLAS forward pass applies, as DL4J defines them. */
enum Nonlinearity {
  IDENTITY,
  RELU,
  /** Over each image's features; only as a network's last step. */
  SOFTMAX;

  /**
   * DL4J's activation as one of these; empty for any other, and for a ReLU with a cap, threshold or
   * negative slope.
   */
  static Optional<Nonlinearity> of(IActivation activation) {
    if (activation instanceof ActivationIdentity) {
      return Optional.of(IDENTITY);
    }
    if (activation instanceof ActivationSoftmax) {
      return Optional.of(SOFTMAX);
    }
    if (activation instanceof ActivationReLU relu
        && relu.getMax() == null
        && isZeroOrUnset(relu.getThreshold())
        && isZeroOrUnset(relu.getNegativeSlope())) {
      return Optional.of(RELU);
    }
    return Optional.empty();
  }

  private static boolean isZeroOrUnset(Double value) {
    return value == null || value == 0;
  }

  /**
   * Applies this function in place to {@code values}, {@code images} rows of {@code width} floats.
   */
  void apply(float[] values, int images, int width) {
    switch (this) {
      case IDENTITY -> {}
      case RELU -> {
        int length = images * width;
        for (int i = 0; i < length; i++) {
          values[i] = Math.max(values[i], 0f);
        }
      }
      case SOFTMAX -> {
        for (int row = 0; row < images; row++) {
          softmax(values, row * width, width);
        }
      }
    }
  }

  /** Shifted by the row's largest value, as DL4J's softmax is, so exp cannot overflow. */
  private static void softmax(float[] values, int offset, int width) {
    float largest = Float.NEGATIVE_INFINITY;
    for (int i = offset; i < offset + width; i++) {
      largest = Math.max(largest, values[i]);
    }
    float sum = 0;
    for (int i = offset; i < offset + width; i++) {
      values[i] = (float) Math.exp(values[i] - largest);
      sum += values[i];
    }
    for (int i = offset; i < offset + width; i++) {
      values[i] /= sum;
    }
  }
}
