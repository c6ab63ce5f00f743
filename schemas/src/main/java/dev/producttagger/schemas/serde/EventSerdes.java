package dev.producttagger.schemas.serde;

import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonSchemaFile;
import dev.producttagger.schemas.json.ReadLimits;

/**
 * Serdes for the product tagger's events, one factory method per type, in the style of Kafka's
 * {@code Serdes}.
 */
public final class EventSerdes {

  /** The largest image an upload may carry unless configured otherwise: 16 MiB. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024;

  /**
   * The largest original key or value a rejection may carry unless configured otherwise: 32 MiB,
   * comfortably more than an upload's JSON around a {@link #DEFAULT_MAX_IMAGE_BYTES} image.
   */
  public static final int DEFAULT_MAX_ORIGINAL_BYTES = 32 * 1024 * 1024;

  /** Shared by the types without binary fields; a codec is thread-safe. */
  private static final JsonCodec TEXT_CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  private EventSerdes() {}

  /** {@link ImageUploaded} with images of up to {@link #DEFAULT_MAX_IMAGE_BYTES}. */
  public static JsonSerde<ImageUploaded> imageUploaded() {
    return imageUploaded(DEFAULT_MAX_IMAGE_BYTES);
  }

  /**
   * {@link ImageUploaded} with images of up to {@code maxImageBytes}; a bigger one fails as
   * IMAGE_TOO_LARGE, before the base64 text is buffered beyond the limit.
   */
  public static JsonSerde<ImageUploaded> imageUploaded(int maxImageBytes) {
    if (maxImageBytes < 1) {
      throw new IllegalArgumentException("maxImageBytes must be positive: " + maxImageBytes);
    }
    JsonCodec codec = new JsonCodec(ReadLimits.forBinaryPayload(maxImageBytes));
    return new JsonSerde<>(
        ImageUploaded.class,
        JsonSchemaFile.IMAGE_UPLOADED,
        codec,
        new ImageUploadedRules(maxImageBytes, codec));
  }

  /** {@link ProductTagged}; a null value is a tombstone. */
  public static JsonSerde<ProductTagged> productTagged() {
    return new JsonSerde<>(
        ProductTagged.class, JsonSchemaFile.PRODUCT_TAGGED, TEXT_CODEC, EventRules.none());
  }

  /** {@link TagReviewRequested}; a null value is a tombstone. */
  public static JsonSerde<TagReviewRequested> tagReviewRequested() {
    return new JsonSerde<>(
        TagReviewRequested.class,
        JsonSchemaFile.TAG_REVIEW_REQUESTED,
        TEXT_CODEC,
        EventRules.none());
  }

  /** {@link TagDecided}; a null value is a tombstone. */
  public static JsonSerde<TagDecided> tagDecided() {
    return new JsonSerde<>(
        TagDecided.class, JsonSchemaFile.TAG_DECIDED, TEXT_CODEC, EventRules.none());
  }

  /** {@link LabelledExample}; a null value is a tombstone, as on its compacted topic. */
  public static JsonSerde<LabelledExample> labelledExample() {
    // 784 pixels are 1,048 base64 characters, well within the text-only limits.
    return new JsonSerde<>(
        LabelledExample.class, JsonSchemaFile.LABELLED_EXAMPLE, TEXT_CODEC, EventRules.none());
  }

  /**
   * {@link UploadRejected} with original keys and values of up to {@link
   * #DEFAULT_MAX_ORIGINAL_BYTES}.
   */
  public static JsonSerde<UploadRejected> uploadRejected() {
    return uploadRejected(DEFAULT_MAX_ORIGINAL_BYTES);
  }

  /**
   * {@link UploadRejected} with original keys and values of up to {@code maxOriginalBytes}; null is
   * a tombstone.
   */
  public static JsonSerde<UploadRejected> uploadRejected(int maxOriginalBytes) {
    return new JsonSerde<>(
        UploadRejected.class,
        JsonSchemaFile.UPLOAD_REJECTED,
        new JsonCodec(ReadLimits.forBinaryPayload(maxOriginalBytes)),
        EventRules.none());
  }
}
