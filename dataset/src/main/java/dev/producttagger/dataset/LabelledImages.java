package dev.producttagger.dataset;

import java.util.Arrays;

/**
 * n gray 28x28 images with their class labels. Pixels are unsigned bytes in row-major order, image
 * after image (Fashion-MNIST's convention: 0 is background, 255 is ink). Immutable: the arrays are
 * copied in and never handed out.
 */
public final class LabelledImages {

  public static final int ROWS = 28;
  public static final int COLUMNS = 28;
  public static final int PIXELS_PER_IMAGE = ROWS * COLUMNS;
  public static final int CLASS_COUNT = 10;

  private final byte[] pixels;
  private final byte[] labels;

  public LabelledImages(byte[] pixels, byte[] labels) {
    if (pixels.length != labels.length * PIXELS_PER_IMAGE) {
      throw new IllegalArgumentException(
          "expected "
              + labels.length * PIXELS_PER_IMAGE
              + " pixels for "
              + labels.length
              + " labels, got "
              + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASS_COUNT) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is outside 0-9");
      }
    }
    this.pixels = pixels.clone();
    this.labels = labels.clone();
  }

  public int size() {
    return labels.length;
  }

  public int label(int image) {
    return labels[image];
  }

  /** The pixel at (row, column) of an image, 0-255. */
  public int pixel(int image, int row, int column) {
    return pixels[image * PIXELS_PER_IMAGE + row * COLUMNS + column] & 0xFF;
  }

  /** A copy of one image's 784 pixels, row by row (0 = background, 255 = ink). */
  public byte[] image(int image) {
    return java.util.Arrays.copyOfRange(
        pixels, image * PIXELS_PER_IMAGE, (image + 1) * PIXELS_PER_IMAGE);
  }

  /** How many images each class 0-9 has. */
  public int[] classCounts() {
    int[] counts = new int[CLASS_COUNT];
    for (byte label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The images at the given indices, in that order. */
  public LabelledImages select(int[] indices) {
    byte[] selectedPixels = new byte[indices.length * PIXELS_PER_IMAGE];
    byte[] selectedLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(
          pixels,
          indices[i] * PIXELS_PER_IMAGE,
          selectedPixels,
          i * PIXELS_PER_IMAGE,
          PIXELS_PER_IMAGE);
      selectedLabels[i] = labels[indices[i]];
    }
    return new LabelledImages(selectedPixels, selectedLabels);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelledImages that
        && Arrays.equals(labels, that.labels)
        && Arrays.equals(pixels, that.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "LabelledImages[" + size() + " images]";
  }
}
