package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;

/**
 * The newest outcome for one product, kept per productId in a changelogged store: its published tag
 * (the model's, or a reviewer's with {@code decidedBy}), its request for review, or a reviewer's
 * rejection. Also the body of {@code GET /api/products/{id}}.
 *
 * @param tagged set when the outcome is {@link Outcome#TAGGED}, null otherwise
 * @param review set when the outcome is {@link Outcome#REVIEW}, null otherwise
 * @param rejection set when the outcome is {@link Outcome#REJECTED}, null otherwise
 */
public record LatestTag(
    Outcome outcome, ProductTagged tagged, TagReviewRequested review, TagDecided rejection) {

  /** Where the product stands. */
  public enum Outcome {
    /** Tagged, by the model or by a reviewer. */
    TAGGED,
    /** Waiting for a reviewer. */
    REVIEW,
    /** A reviewer decided it gets no category. */
    REJECTED
  }

  public LatestTag {
    boolean consistent =
        switch (outcome) {
          case TAGGED -> tagged != null && review == null && rejection == null;
          case REVIEW -> review != null && tagged == null && rejection == null;
          case REJECTED -> rejection != null && tagged == null && review == null;
        };
    if (!consistent) {
      throw new IllegalArgumentException(
          "a latest tag holds exactly the event its outcome names, got " + outcome);
    }
  }

  public static LatestTag of(ProductTagged tagged) {
    return new LatestTag(Outcome.TAGGED, tagged, null, null);
  }

  public static LatestTag of(TagReviewRequested review) {
    return new LatestTag(Outcome.REVIEW, null, review, null);
  }

  public static LatestTag rejected(TagDecided rejection) {
    return new LatestTag(Outcome.REJECTED, null, null, rejection);
  }

  public String productId() {
    return switch (outcome) {
      case TAGGED -> tagged.productId();
      case REVIEW -> review.productId();
      case REJECTED -> rejection.productId();
    };
  }

  public String eventId() {
    return switch (outcome) {
      case TAGGED -> tagged.eventId();
      case REVIEW -> review.eventId();
      case REJECTED -> rejection.eventId();
    };
  }
}
