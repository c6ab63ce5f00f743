package dev.producttagger.tagger.preprocessing;

import dev.producttagger.runtime.ModelInput;
import java.util.Arrays;
import java.util.Optional;

/**
 * Converts a decoded product photo to model input as the Fashion-MNIST authors converted Zalando's
 * photos: trim the border close to the corners' colour, resize the longest edge to 28, sharpen
 * (Gaussian unsharp mask, radius and sigma 1.0), extend the short edge to 28 with the item centred,
 * negate, 8-bit gray. The result is the same kind of input as a gray8 upload.
 */
final class PhotoConverter {

  /** The authors' "close to the corner": within 5% of the intensity range. */
  private static final double TRIM_TOLERANCE = 0.05 * 255;

  /**
   * Gaussian of sigma 1.0 sampled at radius 1.0 (-1, 0, 1), normalised; applied along rows, then
   * columns.
   */
  private static final double[] GAUSSIAN = gaussian();

  private PhotoConverter() {}

  static ModelInput convert(Luminance photo) {
    int background = cornerMedian(photo);
    Optional<Box> found = trim(photo, background);
    Box item = found.orElseGet(() -> new Box(0, 0, photo.width(), photo.height()));
    byte[] ink = ink(photo, item, background);
    int width = Gray8Images.scaledEdge(item.width(), item.width(), item.height());
    int height = Gray8Images.scaledEdge(item.height(), item.width(), item.height());
    byte[] small = Gray8Images.resize(ink, item.width(), item.height(), width, height);
    byte[] sharpened = sharpen(small, width, height);
    // A blank photo's only "ink" is sensor and JPEG noise: stretched, it would look like an item.
    return Gray8Images.centre(found.isPresent() ? fullRange(sharpened) : sharpened, width, height);
  }

  /**
   * Scales the ink so the darkest part of the item is full ink. Fashion-MNIST items span the whole
   * range (every training image reaches 254 or 255), while a photo's ink depends on the garment's
   * colour and the light: a beige coat would otherwise look like a faint sketch of one.
   */
  private static byte[] fullRange(byte[] ink) {
    int max = 0;
    for (byte value : ink) {
      max = Math.max(max, value & 0xFF);
    }
    if (max == 0 || max == 255) {
      return ink;
    }
    byte[] stretched = new byte[ink.length];
    for (int i = 0; i < ink.length; i++) {
      stretched[i] = (byte) clamp((ink[i] & 0xFF) * 255.0 / max);
    }
    return stretched;
  }

  /**
   * The middle of the four corners, so an item that reaches into one corner does not become the
   * background.
   */
  private static int cornerMedian(Luminance photo) {
    int right = photo.width() - 1;
    int bottom = photo.height() - 1;
    int[] corners = {
      photo.at(0, 0), photo.at(right, 0), photo.at(0, bottom), photo.at(right, bottom)
    };
    Arrays.sort(corners);
    return (corners[1] + corners[2] + 1) / 2;
  }

  private record Box(int left, int top, int width, int height) {}

  /** The smallest box holding every pixel not close to the background; none if it is blank. */
  private static Optional<Box> trim(Luminance photo, int background) {
    int left = photo.width();
    int right = -1;
    int top = photo.height();
    int bottom = -1;
    for (int y = 0; y < photo.height(); y++) {
      for (int x = 0; x < photo.width(); x++) {
        if (Math.abs(photo.at(x, y) - background) > TRIM_TOLERANCE) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return right < 0
        ? Optional.empty()
        : Optional.of(new Box(left, top, right - left + 1, bottom - top + 1));
  }

  /**
   * Negated intensities of the box, scaled so the background becomes 0 and the opposite extreme
   * 255. For Zalando's pure white backgrounds that is plain negation; a seller's light gray
   * background would otherwise become a gray haze the model never saw. A dark background (rare for
   * product photos) is measured the other way round, so its item still shows as ink.
   */
  private static byte[] ink(Luminance photo, Box box, int background) {
    boolean lightBackground = background >= 128;
    double range = lightBackground ? background : 255 - background;
    byte[] ink = new byte[box.width() * box.height()];
    for (int y = 0; y < box.height(); y++) {
      for (int x = 0; x < box.width(); x++) {
        int value = photo.at(box.left() + x, box.top() + y);
        int distance = lightBackground ? background - value : value - background;
        ink[y * box.width() + x] = (byte) clamp(distance * 255 / range);
      }
    }
    return ink;
  }

  /**
   * Unsharp mask with amount 1: the image plus its difference from its Gaussian blur; edges are
   * repeated outwards.
   */
  private static byte[] sharpen(byte[] gray, int width, int height) {
    double[] rows = new double[gray.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        rows[y * width + x] =
            GAUSSIAN[0] * value(gray, width, Math.max(0, x - 1), y)
                + GAUSSIAN[1] * value(gray, width, x, y)
                + GAUSSIAN[2] * value(gray, width, Math.min(width - 1, x + 1), y);
      }
    }
    byte[] out = new byte[gray.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double blurred =
            GAUSSIAN[0] * rows[Math.max(0, y - 1) * width + x]
                + GAUSSIAN[1] * rows[y * width + x]
                + GAUSSIAN[2] * rows[Math.min(height - 1, y + 1) * width + x];
        int original = value(gray, width, x, y);
        out[y * width + x] = (byte) clamp(2 * original - blurred);
      }
    }
    return out;
  }

  private static int value(byte[] gray, int width, int x, int y) {
    return gray[y * width + x] & 0xFF;
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  private static double[] gaussian() {
    double side = Math.exp(-0.5);
    double sum = 1 + 2 * side;
    return new double[] {side / sum, 1 / sum, side / sum};
  }
}
