package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tag whose confidence is below the threshold, for a human to check; on {@code
 * product-tags-review} with the productId as key. The fields of {@link ProductTagged} plus why
 * review is needed and the threshold in force. Schema: {@code tag-review-requested.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param eventId the eventId of the {@link ImageUploaded} this answers
 * @param reason why a human should look, such as {@link #LOW_CONFIDENCE}
 * @param threshold the confidence threshold in force, between 0 and 1
 */
public record TagReviewRequested(
    int schemaVersion,
    String eventId,
    String productId,
    String sellerId,
    Category category,
    double confidence,
    List<ScoredCategory> top,
    ModelRef model,
    SourceRef source,
    Instant uploadedAt,
    Instant taggedAt,
    String reason,
    double threshold) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /** The reason for a tag whose confidence is below the threshold. */
  public static final String LOW_CONFIDENCE = "LOW_CONFIDENCE";

  public TagReviewRequested {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(category, "category");
    top = List.copyOf(top);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
    Objects.requireNonNull(taggedAt, "taggedAt");
    Objects.requireNonNull(reason, "reason");
  }

  /** An event of the {@linkplain #CURRENT_SCHEMA_VERSION current version}. */
  public TagReviewRequested(
      String eventId,
      String productId,
      String sellerId,
      Category category,
      double confidence,
      List<ScoredCategory> top,
      ModelRef model,
      SourceRef source,
      Instant uploadedAt,
      Instant taggedAt,
      String reason,
      double threshold) {
    this(
        CURRENT_SCHEMA_VERSION,
        eventId,
        productId,
        sellerId,
        category,
        confidence,
        top,
        model,
        source,
        uploadedAt,
        taggedAt,
        reason,
        threshold);
  }
}
