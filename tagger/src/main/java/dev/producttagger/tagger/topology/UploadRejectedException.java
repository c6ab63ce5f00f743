package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.RejectionReason;

/**
 * Thrown by the tagging processor for an upload that parsed but cannot be tagged; the processing
 * exception handler turns it into a dead letter. Any other exception stops the task instead, so a
 * bug is never mistaken for bad input.
 */
public final class UploadRejectedException extends RuntimeException {

  private final RejectionReason reason;

  public UploadRejectedException(RejectionReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
