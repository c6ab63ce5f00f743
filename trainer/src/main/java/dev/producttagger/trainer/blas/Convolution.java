package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.ConvolutionWindow;
import dev.producttagger.runtime.blas.FeatureShape;

/**
 * A biased convolution, optionally followed by ReLU: forward, its input's patch rows times the
 * kernels; backward, the kernels' gradient as the patch rows' transpose times the output's gradient
 * and the input's as that gradient times the kernels' transpose, added back where each patch came
 * from. Three OpenBLAS products per step, each on a whole minibatch part.
 */
final class Convolution implements TrainingLayer {

  private final ConvolutionWindow window;
  private final boolean rectified;
  private final boolean masksGradient;
  private final int weightOffset;
  private final int biasOffset;
  private final int filters;
  private final int depth;
  private final NativeMatrix kernels = new NativeMatrix();
  private final NativeMatrix patches = new NativeMatrix();
  private final NativeMatrix product = new NativeMatrix();
  private final NativeMatrix kernelGradient = new NativeMatrix();
  private final NativeMatrix patchGradient = new NativeMatrix();
  private final NativeMatrix biasGradient = new NativeMatrix();
  private final float[] bias;

  /** Kernels or their gradient in one layout or the other, on the way between DL4J and OpenBLAS. */
  private final float[] reordered;

  private float[] activations = new float[0];
  private float[] patchGradientValues = new float[0];
  private float[] inputGradient = new float[0];

  /**
   * @param rectified whether ReLU follows the convolution
   * @param masksGradient whether the backward pass applies ReLU's mask to the gradient it gets; not
   *     when the layer after has masked it already ({@link MaxPooling})
   * @param weightOffset where DL4J's {@code [filters, channels, rows, columns]} kernels start in
   *     the flattened parameters
   * @param biasOffset where the bias starts
   */
  Convolution(
      ConvolutionWindow window,
      boolean rectified,
      boolean masksGradient,
      int weightOffset,
      int biasOffset) {
    this.window = window;
    this.rectified = rectified;
    this.masksGradient = rectified && masksGradient;
    this.weightOffset = weightOffset;
    this.biasOffset = biasOffset;
    this.filters = window.output().channels();
    this.depth = window.depth();
    this.bias = new float[filters];
    this.reordered = new float[depth * filters];
  }

  boolean rectified() {
    return rectified;
  }

  @Override
  public FeatureShape output() {
    return window.output();
  }

  @Override
  public void load(float[] parameters) {
    int channels = window.input().channels();
    int kernelArea = window.kernelHeight() * window.kernelWidth();
    // DL4J's [filter][channel][ky][kx] as the product's [(ky, kx, channel)][filter].
    for (int filter = 0; filter < filters; filter++) {
      for (int channel = 0; channel < channels; channel++) {
        int from = weightOffset + (filter * channels + channel) * kernelArea;
        for (int k = 0; k < kernelArea; k++) {
          reordered[(k * channels + channel) * filters + filter] = parameters[from + k];
        }
      }
    }
    kernels.ofSize(reordered.length).put(0, reordered);
    System.arraycopy(parameters, biasOffset, bias, 0, filters);
  }

  @Override
  public float[] forward(float[] input, int images) {
    int rows = images * window.output().positions();
    window.toPatchRows(input, images, patches.ofSize((long) rows * depth));
    product.product(patches, false, kernels, false, rows, filters, depth);
    int floats = rows * filters;
    activations = TrainingLayer.atLeast(activations, floats);
    product.ofSize(floats).get(0, activations, 0, floats);
    for (int row = 0; row < rows; row++) {
      int at = row * filters;
      for (int filter = 0; filter < filters; filter++) {
        float value = activations[at + filter] + bias[filter];
        activations[at + filter] = rectified ? Math.max(value, 0f) : value;
      }
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    int rows = images * window.output().positions();
    int floats = rows * filters;
    if (masksGradient) {
      for (int i = 0; i < floats; i++) {
        if (activations[i] <= 0f) {
          outputGradient[i] = 0f;
        }
      }
    }
    // The product's buffer is free once the forward pass copied it out: it holds the gradient now.
    product.ofSize(floats).put(0, outputGradient, 0, floats);
    biasGradient.columnSums(product, rows, filters);
    biasGradient.ofSize(filters).get(0, gradient, biasOffset, filters);
    kernelGradient.product(patches, true, product, false, depth, filters, rows);
    kernelGradient.ofSize(reordered.length).get(0, reordered);
    int channels = window.input().channels();
    int kernelArea = window.kernelHeight() * window.kernelWidth();
    for (int filter = 0; filter < filters; filter++) {
      for (int channel = 0; channel < channels; channel++) {
        int to = weightOffset + (filter * channels + channel) * kernelArea;
        for (int k = 0; k < kernelArea; k++) {
          gradient[to + k] = reordered[(k * channels + channel) * filters + filter];
        }
      }
    }
    if (!toInput) {
      return null;
    }
    patchGradient.product(product, false, kernels, true, rows, depth, filters);
    int patchFloats = rows * depth;
    patchGradientValues = TrainingLayer.atLeast(patchGradientValues, patchFloats);
    patchGradient.ofSize(patchFloats).get(0, patchGradientValues, 0, patchFloats);
    inputGradient = TrainingLayer.atLeast(inputGradient, images * window.input().size());
    window.addPatchRows(patchGradientValues, images, inputGradient);
    return inputGradient;
  }
}
