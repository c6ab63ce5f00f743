package dev.producttagger.tagger.preprocessing;

import dev.producttagger.runtime.ModelInput;

/**
 * A decoded photo as 8-bit luminance, row by row, in the photo's own convention: 0 = black, 255 =
 * white (the opposite of {@link ModelInput}).
 */
record Luminance(int width, int height, byte[] values) {

  Luminance {
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw new IllegalArgumentException(
          "luminance of " + width + "x" + height + " needs that many values, got " + values.length);
    }
  }

  int at(int x, int y) {
    return values[y * width + x] & 0xFF;
  }
}
