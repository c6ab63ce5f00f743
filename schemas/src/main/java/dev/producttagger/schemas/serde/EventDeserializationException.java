package dev.producttagger.schemas.serde;

import dev.producttagger.schemas.events.RejectionReason;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that cannot be read as its event type: why (a stable code), where (a JSON pointer)
 * and what is wrong in words. The tagger turns it into an {@link
 * dev.producttagger.schemas.events.UploadRejected} with the same reason and detail.
 */
public final class EventDeserializationException extends SerializationException {

  private final RejectionReason reason;
  private final String fieldPath;
  private final String detail;

  /**
   * @param fieldPath JSON pointer to the offending field, such as {@code /image/width}, or where
   *     parsing stopped; the empty string for the whole value
   * @param detail a sentence naming the field and the problem
   */
  public EventDeserializationException(
      RejectionReason reason, String fieldPath, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
    this.fieldPath = fieldPath;
    this.detail = detail;
  }

  public RejectionReason reason() {
    return reason;
  }

  /** JSON pointer to the offending field, or the empty string for the whole value. */
  public String fieldPath() {
    return fieldPath;
  }

  /** A sentence naming the field and the problem, for the dead-letter event. */
  public String detail() {
    return detail;
  }
}
