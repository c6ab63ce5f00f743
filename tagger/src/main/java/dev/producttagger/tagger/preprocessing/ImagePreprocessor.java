package dev.producttagger.tagger.preprocessing;

import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.RejectionReason;

/** Turns an uploaded image into model input, or says why it cannot. */
public final class ImagePreprocessor {

  private final ImageLimits limits;

  public ImagePreprocessor(ImageLimits limits) {
    this.limits = limits;
  }

  public ModelInput toModelInput(Image image) throws ImageRejectedException {
    return switch (image.encoding()) {
      case GRAY8 -> gray8(image);
      case PNG, JPEG -> throw new ImageRejectedException(
          RejectionReason.UNSUPPORTED_ENCODING, image.encoding() + " uploads are not decoded yet; send gray8");
    };
  }

  private ModelInput gray8(Image image) throws ImageRejectedException {
    int width = image.width();
    int height = image.height();
    if (width > limits.maxWidth() || height > limits.maxHeight()) {
      throw new ImageRejectedException(
          RejectionReason.IMAGE_TOO_LARGE,
          "image is " + width + "x" + height + ", larger than the limit " + limits.maxWidth() + "x" + limits.maxHeight());
    }
    return Gray8Images.fit(image.data(), width, height);
  }
}
