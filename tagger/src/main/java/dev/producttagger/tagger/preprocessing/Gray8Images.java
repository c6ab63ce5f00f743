package dev.producttagger.tagger.preprocessing;

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
    double scale = (double) ModelInput.SIDE / Math.max(width, height);
    int scaledWidth = Math.max(1, (int) Math.round(width * scale));
    int scaledHeight = Math.max(1, (int) Math.round(height * scale));
    int offsetX = (ModelInput.SIDE - scaledWidth) / 2;
    int offsetY = (ModelInput.SIDE - scaledHeight) / 2;
    byte[] out = new byte[ModelInput.PIXELS];
    for (int y = 0; y < scaledHeight; y++) {
      double top = (double) y * height / scaledHeight;
      double bottom = (double) (y + 1) * height / scaledHeight;
      for (int x = 0; x < scaledWidth; x++) {
        double left = (double) x * width / scaledWidth;
        double right = (double) (x + 1) * width / scaledWidth;
        out[(y + offsetY) * ModelInput.SIDE + x + offsetX] = (byte) Math.round(areaMean(gray, width, left, right, top, bottom));
      }
    }
    return new ModelInput(out);
  }

  /** Mean of the source pixels under the rectangle [left,right) x [top,bottom), weighted by overlap. */
  private static double areaMean(byte[] gray, int width, double left, double right, double top, double bottom) {
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
