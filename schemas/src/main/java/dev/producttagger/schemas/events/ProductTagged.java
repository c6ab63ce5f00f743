package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The category the tagger gave one upload with confidence at or above the threshold; on {@code
 * product-tags} with the productId as key. Schema: {@code product-tagged.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param eventId the eventId of the {@link ImageUploaded} this answers
 * @param confidence the model's probability for {@code category}, between 0 and 1
 * @param top the best categories, most probable first: three, or fewer if the model has fewer
 *     classes
 * @param source the upload record this answers
 * @param uploadedAt copied from the upload
 * @param taggedAt when the tagger classified the upload
 * @param decidedBy set when a person chose the category, answering the tagger's review request;
 *     null (absent in JSON) when the model's confidence published the tag
 */
public record ProductTagged(
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
    ReviewerDecision decidedBy) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public ProductTagged {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(category, "category");
    top = List.copyOf(top);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
    Objects.requireNonNull(taggedAt, "taggedAt");
  }

  /** A model's tag of the {@linkplain #CURRENT_SCHEMA_VERSION current version}. */
  public ProductTagged(
      String eventId,
      String productId,
      String sellerId,
      Category category,
      double confidence,
      List<ScoredCategory> top,
      ModelRef model,
      SourceRef source,
      Instant uploadedAt,
      Instant taggedAt) {
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
        null);
  }

  /** Whether a person chose the category rather than the model's confidence. */
  public boolean decidedByPerson() {
    return decidedBy != null;
  }
}
