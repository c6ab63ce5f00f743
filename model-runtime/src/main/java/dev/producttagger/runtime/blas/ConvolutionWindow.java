package dev.producttagger.runtime.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * Where a 2-D convolution reads its channels-last input: kernel size, stride and the padding before
 * the first row and column, and the output that gives. A convolution is then one matrix product:
 * each output position's input patch becomes a row ({@link #toPatchRows}, im2col), times the
 * kernels as a {@code (kernel rows x kernel columns x input channels) x filters} matrix. Channels
 * last, a patch row is a few contiguous runs of the input.
 */
public record ConvolutionWindow(
    FeatureShape input,
    FeatureShape output,
    int kernelHeight,
    int kernelWidth,
    int strideY,
    int strideX,
    int padTop,
    int padLeft) {

  /**
   * The window of {@code layer} on {@code input}, with {@code filters} output channels: "same"
   * padding as DL4J splits it, or "truncate" with the layer's padding; empty for other modes, a
   * dilated kernel, or an empty output.
   */
  public static Optional<ConvolutionWindow> of(ConvolutionLayer layer, FeatureShape input) {
    int[] kernel = layer.getKernelSize();
    int[] stride = layer.getStride();
    int[] padding = layer.getPadding();
    if (layer.getDilation()[0] != 1 || layer.getDilation()[1] != 1) {
      return Optional.empty();
    }
    int outHeight;
    int outWidth;
    int padTop;
    int padLeft;
    if (layer.getConvolutionMode() == ConvolutionMode.Same) {
      outHeight = ceilDiv(input.height(), stride[0]);
      outWidth = ceilDiv(input.width(), stride[1]);
      // DL4J's split of "same" padding: the smaller half before, the rest after.
      padTop = Math.max(0, (outHeight - 1) * stride[0] + kernel[0] - input.height()) / 2;
      padLeft = Math.max(0, (outWidth - 1) * stride[1] + kernel[1] - input.width()) / 2;
    } else if (layer.getConvolutionMode() == ConvolutionMode.Truncate) {
      outHeight = (input.height() + 2 * padding[0] - kernel[0]) / stride[0] + 1;
      outWidth = (input.width() + 2 * padding[1] - kernel[1]) / stride[1] + 1;
      padTop = padding[0];
      padLeft = padding[1];
    } else {
      return Optional.empty();
    }
    if (outHeight < 1 || outWidth < 1) {
      return Optional.empty();
    }
    return Optional.of(
        new ConvolutionWindow(
            input,
            new FeatureShape(outHeight, outWidth, (int) layer.getNOut()),
            kernel[0],
            kernel[1],
            stride[0],
            stride[1],
            padTop,
            padLeft));
  }

  /** Floats in one patch row: the kernels' matrix has as many rows. */
  public int depth() {
    return kernelHeight * kernelWidth * input.channels();
  }

  /**
   * Writes the patch rows of {@code images} images, {@code images x output().positions()} rows of
   * {@link #depth} floats, row-major from index 0 of {@code patches}: zeros where a patch overhangs
   * the padded border.
   */
  public void toPatchRows(float[] activations, int images, FloatBuffer patches) {
    int channels = input.channels();
    int kernelRow = kernelWidth * channels;
    int depth = depth();
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
  }

  /**
   * The reverse of {@link #toPatchRows} for gradients (col2im): sets {@code inputGradient}'s first
   * {@code images x input().size()} floats to the sum, over every patch row a value was copied
   * into, of that row's gradient {@code patchGradient} at the copy. Padding's share is dropped.
   */
  public void addPatchRows(float[] patchGradient, int images, float[] inputGradient) {
    Arrays.fill(inputGradient, 0, images * input.size(), 0f);
    int channels = input.channels();
    int kernelRow = kernelWidth * channels;
    int depth = depth();
    int row = 0;
    for (int image = 0; image < images; image++) {
      for (int outY = 0; outY < output.height(); outY++) {
        for (int outX = 0; outX < output.width(); outX++, row++) {
          int left = outX * strideX - padLeft;
          int first = Math.max(0, -left);
          int end = Math.min(kernelWidth, input.width() - left);
          for (int ky = 0; ky < kernelHeight; ky++) {
            int y = outY * strideY + ky - padTop;
            if (y < 0 || y >= input.height() || end <= first) {
              continue;
            }
            int at = row * depth + ky * kernelRow + first * channels;
            int to = ((image * input.height() + y) * input.width() + left + first) * channels;
            int length = (end - first) * channels;
            for (int i = 0; i < length; i++) {
              inputGradient[to + i] += patchGradient[at + i];
            }
          }
        }
      }
    }
  }

  private static int ceilDiv(int dividend, int divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
