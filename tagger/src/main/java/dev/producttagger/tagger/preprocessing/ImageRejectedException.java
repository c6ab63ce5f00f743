package dev.producttagger.tagger.preprocessing;

import dev.producttagger.schemas.events.RejectionReason;

/**
 * An image that cannot be turned into model input, with the stable reason it is dead-lettered for.
 */
public final class ImageRejectedException extends Exception {

  private final RejectionReason reason;

  public ImageRejectedException(RejectionReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
