package dev.producttagger.tagger.topology;

import dev.producttagger.runtime.Prediction;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.ScoredCategory;
import dev.producttagger.schemas.events.TagReviewRequested;
import java.time.Instant;
import java.util.List;

/**
 * The one rule that turns a model's prediction for an upload into its output: a {@link
 * ProductTagged} when the confidence reaches the threshold, else a {@link TagReviewRequested} for a
 * person, with the same fields either way.
 */
public final class TagDecision {

  private TagDecision() {}

  static LatestTag decide(
      BufferedUpload upload,
      Prediction prediction,
      ModelRef model,
      double threshold,
      Instant taggedAt) {
    Category category = new Category(prediction.best().index(), prediction.best().name());
    List<ScoredCategory> top =
        prediction.top().stream()
            .map(s -> new ScoredCategory(s.index(), s.name(), rounded(s.probability())))
            .toList();
    double confidence = rounded(prediction.confidence());
    if (!needsReview(prediction, threshold)) {
      return LatestTag.of(
          new ProductTagged(
              upload.eventId(),
              upload.productId(),
              upload.sellerId(),
              category,
              confidence,
              top,
              model,
              upload.source(),
              upload.uploadedAt(),
              taggedAt));
    }
    return LatestTag.of(
        new TagReviewRequested(
            upload.eventId(),
            upload.productId(),
            upload.sellerId(),
            category,
            confidence,
            top,
            model,
            upload.source(),
            upload.uploadedAt(),
            taggedAt,
            TagReviewRequested.LOW_CONFIDENCE,
            threshold));
  }

  /** Whether {@code prediction} goes to a person rather than being tagged. */
  public static boolean needsReview(Prediction prediction, double threshold) {
    return rounded(prediction.confidence()) < threshold;
  }

  /**
   * Six decimals: enough for any threshold, and it hides last-bit float differences between batch
   * compositions, so a replay with the same model reports the same confidence.
   */
  private static double rounded(double probability) {
    return Math.round(probability * 1e6) / 1e6;
  }
}
