package dev.producttagger.tagger.stats;

import dev.producttagger.runtime.ModelInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** The 28x28 model input as a PNG data URL, which a browser shows without another request. */
public final class Thumbnails {

  static final String PNG_DATA_URL_PREFIX = "data:image/png;base64,";

  private Thumbnails() {}

  /** The 784 pixels of a model input, row by row, as a PNG data URL. */
  public static String pngDataUrl(byte[] pixels) {
    return pngDataUrl(new ModelInput(pixels));
  }

  static String pngDataUrl(ModelInput input) {
    BufferedImage image =
        new BufferedImage(ModelInput.SIDE, ModelInput.SIDE, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, ModelInput.SIDE, ModelInput.SIDE, input.pixels());
    ByteArrayOutputStream png = new ByteArrayOutputStream(1024);
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a PNG to memory failed", e);
    }
    return PNG_DATA_URL_PREFIX + Base64.getEncoder().encodeToString(png.toByteArray());
  }
}
