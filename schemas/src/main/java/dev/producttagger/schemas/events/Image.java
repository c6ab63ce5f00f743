package dev.producttagger.schemas.events;

import java.util.Arrays;
import java.util.Objects;

/**
 * A product photo inside an {@link ImageUploaded}.
 *
 * @param encoding how {@code data} is encoded
 * @param width pixels per row; required for gray8, optional otherwise
 * @param height rows; required for gray8, optional otherwise
 * @param data the image bytes (base64 in JSON); for gray8 exactly {@code width * height} bytes
 */
public record Image(Encoding encoding, Integer width, Integer height, byte[] data) {

  public Image {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(data, "data");
  }

  /** A raw gray image of {@code width * height} pixels, row by row. */
  public static Image gray8(int width, int height, byte[] pixels) {
    return new Image(Encoding.GRAY8, width, height, pixels);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Image that
        && encoding == that.encoding
        && Objects.equals(width, that.width)
        && Objects.equals(height, that.height)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(encoding, width, height, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Image[encoding="
        + encoding
        + ", width="
        + width
        + ", height="
        + height
        + ", data="
        + ByteArrays.describe(data)
        + "]";
  }
}
