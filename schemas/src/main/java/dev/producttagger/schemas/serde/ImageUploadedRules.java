package dev.producttagger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.SchemaViolation;

/**
 * The tagger's front door: null is never a tombstone, images are bounded, gray8 sizes must add up.
 */
final class ImageUploadedRules implements EventRules<ImageUploaded> {

  private static final String ENCODING = "/image/encoding";
  private static final String DATA = "/image/data";

  private final int maxImageBytes;
  private final ImageUploadedStreamReader reader;

  /**
   * @param codec the codec the serde reads with, whose limits the one-pass reader keeps too
   */
  ImageUploadedRules(int maxImageBytes, JsonCodec codec) {
    this.maxImageBytes = maxImageBytes;
    this.reader = new ImageUploadedStreamReader(codec);
  }

  @Override
  public ImageUploaded readPlainlyValid(byte[] value) {
    return reader.read(value);
  }

  @Override
  public boolean acceptsTombstones() {
    // A null upload cannot be tagged, and dropping it would break in = tagged + review + rejected.
    return false;
  }

  @Override
  public RejectionReason reasonFor(SchemaViolation violation, JsonNode document) {
    // A well-typed encoding we do not know is a capability gap, not a broken event.
    boolean unknownEncoding =
        violation.pointer().equals(ENCODING)
            && violation.keyword().equals("enum")
            && document.at(ENCODING).isTextual();
    return unknownEncoding
        ? RejectionReason.UNSUPPORTED_ENCODING
        : RejectionReason.SCHEMA_VIOLATION;
  }

  @Override
  public RejectionReason reasonForOversizedString(String pointer) {
    return pointer.equals(DATA) ? RejectionReason.IMAGE_TOO_LARGE : RejectionReason.MALFORMED_JSON;
  }

  @Override
  public void check(ImageUploaded event) {
    Image image = event.image();
    if (image.data().length > maxImageBytes) {
      throw new EventDeserializationException(
          RejectionReason.IMAGE_TOO_LARGE,
          DATA,
          JsonCodec.describePointer(DATA)
              + ": the image has "
              + image.data().length
              + " bytes, more than the limit of "
              + maxImageBytes,
          null);
    }
    if (image.encoding() == Encoding.GRAY8) {
      long expected = (long) image.width() * image.height();
      if (image.data().length != expected) {
        throw new EventDeserializationException(
            RejectionReason.SCHEMA_VIOLATION,
            DATA,
            JsonCodec.describePointer(DATA)
                + ": gray8 needs width*height = "
                + image.width()
                + "*"
                + image.height()
                + " = "
                + expected
                + " bytes, got "
                + image.data().length,
            null);
      }
    }
  }
}
