package dev.producttagger.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Reads back a review item's thumbnail, as a browser would show it. */
public final class TestThumbnails {

  private static final String PREFIX = "data:image/png;base64,";

  private TestThumbnails() {}

  /** The 784 gray pixels of a 28x28 PNG data URL; fails the test if it is anything else. */
  public static byte[] pixels(String dataUrl) {
    assertTrue(dataUrl.startsWith(PREFIX), dataUrl);
    BufferedImage image;
    try {
      image =
          ImageIO.read(
              new ByteArrayInputStream(
                  Base64.getDecoder().decode(dataUrl.substring(PREFIX.length()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(28, image.getWidth());
    assertEquals(28, image.getHeight());
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
    byte[] pixels = new byte[784];
    image.getRaster().getDataElements(0, 0, 28, 28, pixels);
    return pixels;
  }
}
