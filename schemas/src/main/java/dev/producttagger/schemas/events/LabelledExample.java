package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training example the product learnt from its own traffic: the 28x28 image the model saw for
 * an upload it sent to review, with the category a reviewer chose for it; on the compacted {@code
 * labelled-examples} topic with the eventId as key. Schema: {@code labelled-example.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param eventId the eventId of the upload the image came from
 * @param pixels the model input: 784 gray pixels row by row, 0 = background, 255 = ink
 * @param label the category the reviewer chose
 * @param model the model that asked for the review
 */
public record LabelledExample(
    int schemaVersion,
    String eventId,
    String productId,
    byte[] pixels,
    Category label,
    String reviewerId,
    Instant decidedAt,
    ModelRef model) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /** Pixels of one 28x28 model input. */
  public static final int PIXELS = 28 * 28;

  public LabelledExample {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(productId, "productId");
    if (pixels == null || pixels.length != PIXELS) {
      throw new IllegalArgumentException(
          "a labelled example holds "
              + PIXELS
              + " pixels, not "
              + (pixels == null ? 0 : pixels.length));
    }
    pixels = pixels.clone();
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(reviewerId, "reviewerId");
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(model, "model");
  }

  /** An event of the {@linkplain #CURRENT_SCHEMA_VERSION current version}. */
  public LabelledExample(
      String eventId,
      String productId,
      byte[] pixels,
      Category label,
      String reviewerId,
      Instant decidedAt,
      ModelRef model) {
    this(CURRENT_SCHEMA_VERSION, eventId, productId, pixels, label, reviewerId, decidedAt, model);
  }

  @Override
  public byte[] pixels() {
    return pixels.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelledExample that
        && schemaVersion == that.schemaVersion
        && eventId.equals(that.eventId)
        && productId.equals(that.productId)
        && Arrays.equals(pixels, that.pixels)
        && label.equals(that.label)
        && reviewerId.equals(that.reviewerId)
        && decidedAt.equals(that.decidedAt)
        && model.equals(that.model);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemaVersion, eventId, Arrays.hashCode(pixels), label);
  }

  @Override
  public String toString() {
    return "LabelledExample[" + eventId + " " + label + " by " + reviewerId + "]";
  }
}
