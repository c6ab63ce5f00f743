package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;
import java.util.Arrays;

/**
 * Max pooling without padding, each output the largest value of its window per channel; backward,
 * each output's gradient goes to the first input of its window that holds that value, whose index
 * the forward pass keeps.
 *
 * <p>After a ReLU, the pooled value is itself rectified, so an output of zero passes no gradient
 * back: the layer before then need not mask its own gradient ({@link #rectifiedInput}), and masks a
 * quarter of the values for it (the SameDiff engine rectifies after pooling for the same reason).
 */
final class MaxPooling implements TrainingLayer {

  private final FeatureShape input;
  private final FeatureShape output;
  private final int strideY;
  private final int strideX;
  private final boolean rectifiedInput;

  /** Each window position's offset in the input from the window's first, in row order. */
  private final int[] window;

  private int[] largest = new int[0];
  private float[] activations = new float[0];
  private float[] inputGradient = new float[0];

  /**
   * @param rectifiedInput whether the input is a ReLU's output, whose gradient this layer then
   *     masks
   */
  MaxPooling(
      FeatureShape input,
      int kernelHeight,
      int kernelWidth,
      int strideY,
      int strideX,
      boolean rectifiedInput) {
    this.input = input;
    this.output =
        new FeatureShape(
            (input.height() - kernelHeight) / strideY + 1,
            (input.width() - kernelWidth) / strideX + 1,
            input.channels());
    this.strideY = strideY;
    this.strideX = strideX;
    this.rectifiedInput = rectifiedInput;
    this.window = new int[kernelHeight * kernelWidth];
    for (int ky = 0; ky < kernelHeight; ky++) {
      for (int kx = 0; kx < kernelWidth; kx++) {
        window[ky * kernelWidth + kx] = (ky * input.width() + kx) * input.channels();
      }
    }
  }

  @Override
  public FeatureShape output() {
    return output;
  }

  @Override
  public float[] forward(float[] values, int images) {
    int channels = input.channels();
    int floats = images * output.size();
    activations = TrainingLayer.atLeast(activations, floats);
    if (largest.length < floats) {
      largest = new int[floats];
    }
    int at = 0;
    for (int image = 0; image < images; image++) {
      for (int outY = 0; outY < output.height(); outY++) {
        for (int outX = 0; outX < output.width(); outX++, at += channels) {
          int corner = position(image, outY, outX);
          for (int c = 0; c < channels; c++) {
            int first = corner + c;
            float max = values[first];
            int index = first;
            // Selects rather than branches, which data would mispredict about half the time.
            for (int k = 1; k < window.length; k++) {
              float value = values[first + window[k]];
              boolean larger = value > max;
              max = larger ? value : max;
              index = larger ? first + window[k] : index;
            }
            activations[at + c] = max;
            largest[at + c] = index;
          }
        }
      }
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    if (!toInput) {
      return null;
    }
    int inputFloats = images * input.size();
    inputGradient = TrainingLayer.atLeast(inputGradient, inputFloats);
    Arrays.fill(inputGradient, 0, inputFloats, 0f);
    int floats = images * output.size();
    for (int i = 0; i < floats; i++) {
      float passed = rectifiedInput && activations[i] <= 0f ? 0f : outputGradient[i];
      inputGradient[largest[i]] += passed;
    }
    return inputGradient;
  }

  /** Where channel 0 of the window of output (outY, outX) starts in the input. */
  private int position(int image, int outY, int outX) {
    return ((image * input.height() + outY * strideY) * input.width() + outX * strideX)
        * input.channels();
  }
}
