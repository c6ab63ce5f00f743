package dev.producttagger.tagger;

import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.ScoredCategory;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.TagReviewRequested;
import java.time.Instant;
import java.util.List;

/** Tagger outputs with plausible values, for tests that need events but not a model. */
public final class TestEvents {

  public static final ModelRef MODEL = new ModelRef("tiny", 1, "0".repeat(64));
  public static final Instant UPLOADED_AT = Instant.parse("2026-11-27T09:59:00Z");

  private TestEvents() {}

  public static ProductTagged tagged(String productId, int category, Instant taggedAt) {
    return new ProductTagged(
        "event-" + productId,
        productId,
        "seller-1",
        category(category),
        0.9,
        top(category),
        MODEL,
        new SourceRef("product-image-uploads", 0, 7),
        UPLOADED_AT,
        taggedAt);
  }

  public static TagReviewRequested review(String productId, int category, Instant taggedAt) {
    return new TagReviewRequested(
        "event-" + productId,
        productId,
        "seller-1",
        category(category),
        0.3,
        top(category),
        MODEL,
        new SourceRef("product-image-uploads", 1, 8),
        UPLOADED_AT,
        taggedAt,
        TagReviewRequested.LOW_CONFIDENCE,
        0.6);
  }

  private static Category category(int index) {
    return new Category(index, FashionCategories.NAMES.get(index));
  }

  /** The category first, then the next two, as a model's best three. */
  private static List<ScoredCategory> top(int category) {
    return List.of(
        scored(category, 0.5), scored((category + 1) % 10, 0.3), scored((category + 2) % 10, 0.1));
  }

  private static ScoredCategory scored(int index, double probability) {
    return new ScoredCategory(index, FashionCategories.NAMES.get(index), probability);
  }
}
