package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import java.util.Arrays;
import java.util.Objects;

/**
 * One upload the tagger sent to review, kept per eventId in a changelogged store until a reviewer
 * decides it and after: the request, the image the model saw (until the decision makes it a
 * labelled example), and the decision. Pending means no decision yet; the review queue lists those.
 *
 * @param pixels the 28x28 model input, 784 bytes; null once decided
 * @param decision null while pending
 */
public record ReviewCase(TagReviewRequested review, byte[] pixels, TagDecided decision) {

  public ReviewCase {
    Objects.requireNonNull(review, "review");
    if ((decision == null) == (pixels == null)) {
      throw new IllegalArgumentException(
          "a pending review case keeps its image, a decided one only its decision");
    }
  }

  public static ReviewCase pending(TagReviewRequested review, byte[] pixels) {
    return new ReviewCase(review, pixels.clone(), null);
  }

  /** This case, decided: the image goes with the labelled example, not into the store. */
  ReviewCase decidedBy(TagDecided decision) {
    return new ReviewCase(review, null, Objects.requireNonNull(decision, "decision"));
  }

  public boolean pending() {
    return decision == null;
  }

  @Override
  public byte[] pixels() {
    return pixels == null ? null : pixels.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReviewCase that
        && review.equals(that.review)
        && Arrays.equals(pixels, that.pixels)
        && Objects.equals(decision, that.decision);
  }

  @Override
  public int hashCode() {
    return Objects.hash(review, Arrays.hashCode(pixels), decision);
  }

  @Override
  public String toString() {
    return "ReviewCase[" + review.eventId() + (pending() ? " pending]" : " decided]");
  }
}
