package dev.producttagger.trainer.model;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.bundle.InputSpec;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every network here takes: NCHW tensors [n, 1, 28, 28] of pixel/255 in [0, 1], and one-hot
 * labels [n, 10]. Training batches, validation and evaluation all build their tensors here.
 */
public final class TrainingInput {

  public static final int CHANNELS = 1;
  public static final int HEIGHT = LabelledImages.ROWS;
  public static final int WIDTH = LabelledImages.COLUMNS;
  public static final float PIXEL_SCALE = 1f / 255f;

  private TrainingInput() {}

  public static InputType inputType() {
    return InputType.convolutional(HEIGHT, WIDTH, CHANNELS);
  }

  /** The input as a bundle states it, which the tagger checks and follows. */
  public static final InputSpec SPEC = InputSpec.fashionMnist();

  /** Features for images [from, to) in their stored order. */
  public static INDArray features(LabelledImages images, int from, int to) {
    return features(scaledPixels(images, from, to), to - from);
  }

  /** The pixels of images [from, to), scaled to [0, 1], image after image in row-major order. */
  public static float[] scaledPixels(LabelledImages images, int from, int to) {
    float[] values = new float[(to - from) * LabelledImages.PIXELS_PER_IMAGE];
    for (int image = from; image < to; image++) {
      writeScaled(images, image, values, (image - from) * LabelledImages.PIXELS_PER_IMAGE);
    }
    return values;
  }

  /** Writes one image's pixels, scaled to [0, 1], into {@code destination} from {@code offset}. */
  public static void writeScaled(
      LabelledImages images, int image, float[] destination, int offset) {
    for (int row = 0; row < HEIGHT; row++) {
      for (int column = 0; column < WIDTH; column++) {
        destination[offset + row * WIDTH + column] = images.pixel(image, row, column) * PIXEL_SCALE;
      }
    }
  }

  /** Wraps already scaled pixel values, image after image in row-major order. */
  public static INDArray features(float[] scaledPixels, int count) {
    return Nd4j.create(scaledPixels, new long[] {count, CHANNELS, HEIGHT, WIDTH}, 'c');
  }

  /**
   * One-hot labels with label smoothing: the true class gets {@code 1 - smoothing} plus an equal
   * share {@code smoothing / 10} with every class, so each row still sums to 1.
   */
  public static INDArray smoothedLabels(int[] labels, double smoothing) {
    return labels(smoothedLabelRows(labels, smoothing), labels.length);
  }

  /** {@link #smoothedLabels} as values, row after row, for callers that adjust them further. */
  public static float[] smoothedLabelRows(int[] labels, double smoothing) {
    float share = (float) (smoothing / LabelledImages.CLASS_COUNT);
    float[] values = new float[labels.length * LabelledImages.CLASS_COUNT];
    Arrays.fill(values, share);
    for (int i = 0; i < labels.length; i++) {
      values[i * LabelledImages.CLASS_COUNT + labels[i]] += (float) (1 - smoothing);
    }
    return values;
  }

  /** Wraps label rows of {@link LabelledImages#CLASS_COUNT} values each as a [count, 10] tensor. */
  public static INDArray labels(float[] rows, int count) {
    return Nd4j.create(rows, new long[] {count, LabelledImages.CLASS_COUNT}, 'c');
  }
}
