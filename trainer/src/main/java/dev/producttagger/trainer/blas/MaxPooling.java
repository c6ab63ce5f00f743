package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;
import java.util.Arrays;

/**
 * Max pooling without padding, each output the largest value of its window per channel (the first
 * of equal ones); backward, each output's gradient goes to the input that was largest.
 */
final class MaxPooling implements TrainingLayer {

  private final FeatureShape input;
  private final FeatureShape output;
  private final int kernelHeight;
  private final int kernelWidth;
  private final int strideY;
  private final int strideX;
  private float[] activations = new float[0];
  private int[] largest = new int[0];
  private float[] inputGradient = new float[0];

  MaxPooling(FeatureShape input, int kernelHeight, int kernelWidth, int strideY, int strideX) {
    this.input = input;
    this.output =
        new FeatureShape(
            (input.height() - kernelHeight) / strideY + 1,
            (input.width() - kernelWidth) / strideX + 1,
            input.channels());
    this.kernelHeight = kernelHeight;
    this.kernelWidth = kernelWidth;
    this.strideY = strideY;
    this.strideX = strideX;
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
          for (int ky = 0; ky < kernelHeight; ky++) {
            for (int kx = 0; kx < kernelWidth; kx++) {
              int y = outY * strideY + ky;
              int x = outX * strideX + kx;
              int from = ((image * input.height() + y) * input.width() + x) * channels;
              boolean first = ky == 0 && kx == 0;
              for (int c = 0; c < channels; c++) {
                float value = values[from + c];
                if (first || value > activations[at + c]) {
                  activations[at + c] = value;
                  largest[at + c] = from + c;
                }
              }
            }
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
      inputGradient[largest[i]] += outputGradient[i];
    }
    return inputGradient;
  }
}
