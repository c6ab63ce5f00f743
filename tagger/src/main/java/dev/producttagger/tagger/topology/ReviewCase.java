package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
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
 * @param shadowGuess the shadow model's category for the same image, when one ran; null otherwise
 */
public record ReviewCase(
    TagReviewRequested review, byte[] pixels, TagDecided decision, ShadowGuess shadowGuess) {

  /** What the shadow model said about the image the serving model sent to review. */
  public record ShadowGuess(ModelRef model, Category category) {}

  public ReviewCase {
    Objects.requireNonNull(review, "review");
    if ((decision == null) == (pixels == null)) {
      throw new IllegalArgumentException(
          "a pending review case keeps its image, a decided one only its decision");
    }
  }

  public static ReviewCase pending(TagReviewRequested review, byte[] pixels) {
    return pending(review, pixels, null);
  }

  static ReviewCase pending(TagReviewRequested review, byte[] pixels, ShadowGuess shadowGuess) {
    return new ReviewCase(review, pixels.clone(), null, shadowGuess);
  }

  /** This case, decided: the image goes with the labelled example, not into the store. */
  ReviewCase decidedBy(TagDecided decision) {
    return new ReviewCase(review, null, Objects.requireNonNull(decision, "decision"), shadowGuess);
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
        && Objects.equals(decision, that.decision)
        && Objects.equals(shadowGuess, that.shadowGuess);
  }

  @Override
  public int hashCode() {
    return Objects.hash(review, Arrays.hashCode(pixels), decision, shadowGuess);
  }

  @Override
  public String toString() {
    return "ReviewCase[" + review.eventId() + (pending() ? " pending]" : " decided]");
  }
}
