package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A reviewer's decision on one upload the tagger sent to review: the category the item is, or a
 * rejection such as "not a fashion item"; on {@code product-tag-decisions} with the productId as
 * key, in the partition of the reviewed upload. Schema: {@code tag-decided.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param eventId the eventId of the reviewed {@link ImageUploaded} (and of its review request)
 * @param category the chosen category; null when the reviewer rejected the item
 * @param rejectReason why the item gets no category; null when the reviewer chose one
 * @param reviewerId who decided
 * @param model the model whose review request this answers
 */
public record TagDecided(
    int schemaVersion,
    String eventId,
    String productId,
    Category category,
    String rejectReason,
    String reviewerId,
    Instant decidedAt,
    ModelRef model) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public TagDecided {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(productId, "productId");
    if ((category == null) == (rejectReason == null)) {
      throw new IllegalArgumentException("a decision is either a category or a rejection");
    }
    Objects.requireNonNull(reviewerId, "reviewerId");
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(model, "model");
  }

  /** A reviewer's choice of category. */
  public static TagDecided category(
      String eventId,
      String productId,
      Category category,
      String reviewerId,
      Instant decidedAt,
      ModelRef model) {
    return new TagDecided(
        CURRENT_SCHEMA_VERSION,
        eventId,
        productId,
        Objects.requireNonNull(category, "category"),
        null,
        reviewerId,
        decidedAt,
        model);
  }

  /** A reviewer's rejection of the item, with the reason. */
  public static TagDecided rejection(
      String eventId,
      String productId,
      String rejectReason,
      String reviewerId,
      Instant decidedAt,
      ModelRef model) {
    return new TagDecided(
        CURRENT_SCHEMA_VERSION,
        eventId,
        productId,
        null,
        Objects.requireNonNull(rejectReason, "rejectReason"),
        reviewerId,
        decidedAt,
        model);
  }

  public boolean rejected() {
    return rejectReason != null;
  }
}
