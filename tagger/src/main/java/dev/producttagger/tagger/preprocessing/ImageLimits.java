package dev.producttagger.tagger.preprocessing;

/**
 * Bounds on what an upload may declare, checked before any pixel buffer is allocated.
 *
 * @param maxWidth widest accepted image in pixels
 * @param maxHeight tallest accepted image in pixels
 */
public record ImageLimits(int maxWidth, int maxHeight) {

  public static final ImageLimits DEFAULT = new ImageLimits(4096, 4096);

  public ImageLimits {
    if (maxWidth < ModelInput.SIDE || maxHeight < ModelInput.SIDE) {
      throw new IllegalArgumentException("image limits must allow at least 28x28, got " + maxWidth + "x" + maxHeight);
    }
  }
}
