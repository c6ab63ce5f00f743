package dev.producttagger.tagger.review;

import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ScoredCategory;
import dev.producttagger.tagger.stats.Thumbnails;
import dev.producttagger.tagger.topology.ReviewCase;
import java.time.Instant;
import java.util.List;

/**
 * One pending review request as the review queue shows it, with what a reviewer's decision must
 * name to reach the tagger task that holds it.
 *
 * @param partition the reviewed upload's partition: its decision goes to the same partition of the
 *     decisions topic
 * @param offset the reviewed upload's offset there, to show the original photo
 * @param model the model that asked; the decision answers it
 * @param category the model's best guess, below the threshold
 * @param top the model's best guesses, most probable first
 * @param image the 28x28 image the model saw, as a PNG data URL
 */
public record QueueItem(
    String eventId,
    String productId,
    String sellerId,
    int partition,
    long offset,
    ModelRef model,
    Category category,
    double confidence,
    double threshold,
    List<ScoredCategory> top,
    Instant uploadedAt,
    Instant taggedAt,
    String image) {

  /** The item of a pending case. */
  public static QueueItem of(ReviewCase pending) {
    if (!pending.pending()) {
      throw new IllegalArgumentException("review " + pending.review().eventId() + " is decided");
    }
    var review = pending.review();
    return new QueueItem(
        review.eventId(),
        review.productId(),
        review.sellerId(),
        review.source().partition(),
        review.source().offset(),
        review.model(),
        review.category(),
        review.confidence(),
        review.threshold(),
        review.top(),
        review.uploadedAt(),
        review.taggedAt(),
        Thumbnails.pngDataUrl(pending.pixels()));
  }
}
