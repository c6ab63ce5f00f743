package dev.producttagger.tagger.preprocessing;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.serde.EventSerdes;

/**
 * Bounds on what an upload may declare, checked before any pixel buffer is allocated.
 *
 * @param maxWidth widest accepted image in pixels
 * @param maxHeight tallest accepted image in pixels
 * @param maxEncodedBytes largest accepted PNG or JPEG file
 */
public record ImageLimits(int maxWidth, int maxHeight, int maxEncodedBytes) {

  /**
   * The image bytes the event reader accepts by default, so no upload it lets through is refused
   * here for size alone.
   */
  public static final int DEFAULT_MAX_ENCODED_BYTES = EventSerdes.DEFAULT_MAX_IMAGE_BYTES;

  public static final ImageLimits DEFAULT = new ImageLimits(4096, 4096);

  public ImageLimits {
    if (maxWidth < ModelInput.SIDE || maxHeight < ModelInput.SIDE) {
      throw new IllegalArgumentException(
          "image limits must allow at least 28x28, got " + maxWidth + "x" + maxHeight);
    }
    if (maxEncodedBytes <= 0) {
      throw new IllegalArgumentException(
          "the encoded byte limit must be positive, got " + maxEncodedBytes);
    }
  }

  /** Side limits with the default encoded byte limit. */
  public ImageLimits(int maxWidth, int maxHeight) {
    this(maxWidth, maxHeight, DEFAULT_MAX_ENCODED_BYTES);
  }
}
