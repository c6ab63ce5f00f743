package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One product photo, published by a seller's upload service on {@code product-image-uploads} with
 * the productId as key. Schema: {@code image-uploaded.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param eventId a UUID naming the upload; a retry re-sends the same one
 * @param uploadedAt when the seller uploaded the photo
 */
public record ImageUploaded(
    int schemaVersion,
    String eventId,
    String sellerId,
    String productId,
    Instant uploadedAt,
    Image image) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public ImageUploaded {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
    Objects.requireNonNull(image, "image");
  }

  /** An event of the {@linkplain #CURRENT_SCHEMA_VERSION current version}. */
  public ImageUploaded(
      String eventId, String sellerId, String productId, Instant uploadedAt, Image image) {
    this(CURRENT_SCHEMA_VERSION, eventId, sellerId, productId, uploadedAt, image);
  }
}
