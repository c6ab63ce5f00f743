package dev.producttagger.runtime;

/**
 * One image as the network sees it: 28x28 gray pixels in Fashion-MNIST's convention (0 =
 * background, 255 = ink), row by row.
 */
public record ModelInput(byte[] pixels) {

  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;

  public ModelInput {
    if (pixels.length != PIXELS) {
      throw new IllegalArgumentException(
          "model input needs " + PIXELS + " pixels, got " + pixels.length);
    }
  }

  /** Unsigned pixel value at a row-major index. */
  public int pixel(int index) {
    return pixels[index] & 0xFF;
  }
}
