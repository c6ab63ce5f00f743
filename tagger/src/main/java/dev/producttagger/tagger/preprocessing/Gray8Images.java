package dev.producttagger.tagger.preprocessing;

import dev.producttagger.runtime.ModelInput;

/**
 * Fits a gray8 image of any size into the 28x28 model input as the Fashion-MNIST authors did: the
 * longest edge scaled to 28 (area averaging, so a large image is not aliased), the short edge
 * padded with background so the item stays centred. A 28x28 image passes through unchanged.
 */
public final class Gray8Images {

  private Gray8Images() {}

  /** {@code gray} holds {@code width * height} pixels, row by row, 0 = background. */
  public static ModelInput fit(byte[] gray, int width, int height) {
    if (width == ModelInput.SIDE && height == ModelInput.SIDE) {
      return new ModelInput(gray.clone());
    }
    int scaledWidth = scaledEdge(width, width, height);
    int scaledHeight = scaledEdge(height, width, height);
    return centre(
        resize(gray, width, height, scaledWidth, scaledHeight), scaledWidth, scaledHeight);
  }

  /**
   * Length of {@code edge} once the longest edge of a {@code width x height} image is scaled to 28.
   */
  static int scaledEdge(int edge, int width, int height) {
    double scale = (double) ModelInput.SIDE / Math.max(width, height);
    return Math.max(1, (int) Math.round(edge * scale));
  }

  /**
   * Area-averaging resize: each target pixel is the overlap-weighted mean of the source pixels
   * under it.
   */
  static byte[] resize(byte[] gray, int width, int height, int targetWidth, int targetHeight) {
    byte[] out = new byte[targetWidth * targetHeight];
    for (int y = 0; y < targetHeight; y++) {
      double top = (double) y * height / targetHeight;
      double bottom = (double) (y + 1) * height / targetHeight;
      for (int x = 0; x < targetWidth; x++) {
        double left = (double) x * width / targetWidth;
        double right = (double) (x + 1) * width / targetWidth;
        out[y * targetWidth + x] =
            (byte) Math.round(areaMean(gray, width, left, right, top, bottom));
      }
    }
    return out;
  }

  /** Places an image of at most 28x28 in the middle of a 28x28 background (0) canvas. */
  static ModelInput centre(byte[] gray, int width, int height) {
    int offsetX = (ModelInput.SIDE - width) / 2;
    int offsetY = (ModelInput.SIDE - height) / 2;
    byte[] out = new byte[ModelInput.PIXELS];
    for (int y = 0; y < height; y++) {
      System.arraycopy(gray, y * width, out, (y + offsetY) * ModelInput.SIDE + offsetX, width);
    }
    return new ModelInput(out);
  }

  /**
   * Mean of the source pixels under the rectangle [left,right) x [top,bottom), weighted by overlap.
   */
  private static double areaMean(
      byte[] gray, int width, double left, double right, double top, double bottom) {
    double sum = 0;
    double area = 0;
    for (int sy = (int) top; sy < Math.ceil(bottom); sy++) {
      double wy = Math.min(bottom, sy + 1) - Math.max(top, sy);
      for (int sx = (int) left; sx < Math.ceil(right); sx++) {
        double w = wy * (Math.min(right, sx + 1) - Math.max(left, sx));
        sum += w * (gray[sy * width + sx] & 0xFF);
        area += w;
      }
    }
    return sum / area;
  }
}
