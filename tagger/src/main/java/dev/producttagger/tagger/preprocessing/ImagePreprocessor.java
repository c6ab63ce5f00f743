package dev.producttagger.tagger.preprocessing;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.RejectionReason;
import java.awt.image.BufferedImage;

/** Turns an uploaded image into model input, or says why it cannot. */
public final class ImagePreprocessor {

  private final ImageLimits limits;
  private final PhotoDecoder photos;

  public ImagePreprocessor(ImageLimits limits) {
    this.limits = limits;
    this.photos = new PhotoDecoder(limits);
  }

  public ModelInput toModelInput(Image image) throws ImageRejectedException {
    // Width and height are optional for photos; whatever is declared is bounded like gray8's.
    checkSize(
        image.width() == null ? 0 : image.width(), image.height() == null ? 0 : image.height());
    return switch (image.encoding()) {
      case GRAY8 -> Gray8Images.fit(image.data(), image.width(), image.height());
      case PNG, JPEG -> PhotoConverter.convert(photos.decode(image.encoding(), image.data()));
    };
  }

  /**
   * The upload as a person sees it, in gray: a photo decoded as for the model (at most about 448
   * pixels on its longer side), a gray8 image as sent.
   */
  public BufferedImage preview(Image image) throws ImageRejectedException {
    checkSize(
        image.width() == null ? 0 : image.width(), image.height() == null ? 0 : image.height());
    if (image.encoding() == Encoding.GRAY8) {
      BufferedImage gray =
          new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
      gray.getRaster().setDataElements(0, 0, image.width(), image.height(), image.data());
      return gray;
    }
    Luminance photo = photos.decode(image.encoding(), image.data());
    BufferedImage gray =
        new BufferedImage(photo.width(), photo.height(), BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setDataElements(0, 0, photo.width(), photo.height(), photo.values());
    return gray;
  }

  private void checkSize(int width, int height) throws ImageRejectedException {
    if (width > limits.maxWidth() || height > limits.maxHeight()) {
      throw new ImageRejectedException(
          RejectionReason.IMAGE_TOO_LARGE,
          "image is "
              + width
              + "x"
              + height
              + ", larger than the limit "
              + limits.maxWidth()
              + "x"
              + limits.maxHeight());
    }
  }
}
