package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagReviewRequested;

/**
 * The newest outcome for one product, kept per productId in a changelogged store: either its
 * published tag or its request for review. Also the body of {@code GET /api/products/{id}}.
 *
 * @param tagged set when the outcome is {@link Outcome#TAGGED}, null otherwise
 * @param review set when the outcome is {@link Outcome#REVIEW}, null otherwise
 */
public record LatestTag(Outcome outcome, ProductTagged tagged, TagReviewRequested review) {

  /** Which topic the newest output went to. */
  public enum Outcome {
    TAGGED,
    REVIEW
  }

  public LatestTag {
    boolean consistent =
        outcome == Outcome.TAGGED
            ? tagged != null && review == null
            : outcome == Outcome.REVIEW && review != null && tagged == null;
    if (!consistent) {
      throw new IllegalArgumentException(
          "a latest tag holds exactly the event its outcome names, got " + outcome);
    }
  }

  static LatestTag of(ProductTagged tagged) {
    return new LatestTag(Outcome.TAGGED, tagged, null);
  }

  static LatestTag of(TagReviewRequested review) {
    return new LatestTag(Outcome.REVIEW, null, review);
  }

  public String eventId() {
    return outcome == Outcome.TAGGED ? tagged.eventId() : review.eventId();
  }
}
