package dev.producttagger.schemas.events;

/**
 * Why an input record (an upload or a reviewer's decision) was dead-lettered; a stable code that
 * dashboards and alerts may rely on.
 */
public enum RejectionReason {
  /**
   * The value is not one well-formed UTF-8 JSON document within the reader's limits, or is null or
   * empty.
   */
  MALFORMED_JSON,
  /** Valid JSON that breaks the ImageUploaded schema or a rule beside it (gray8 data length). */
  SCHEMA_VIOLATION,
  /** {@code image.encoding} names an encoding the tagger does not support. */
  UNSUPPORTED_ENCODING,
  /** The image bytes cannot be decoded as their declared encoding. */
  UNDECODABLE_IMAGE,
  /** The image is bigger than the configured limit. */
  IMAGE_TOO_LARGE,
  /** The eventId was already tagged within the duplicate window. */
  DUPLICATE_EVENT,
  /** A reviewer's decision names an upload the tagger never sent to review (or another product). */
  UNKNOWN_REVIEW,
  /** A reviewer's decision answers a review request that was already decided. */
  ALREADY_DECIDED,
  /** A reviewer's decision names a category the model that asked does not have. */
  INVALID_DECISION
}
