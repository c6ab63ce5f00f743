package dev.producttagger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.json.SchemaViolation;

/**
 * What one event type adds to the shared read pipeline of {@link JsonSerde}; the defaults add
 * nothing.
 */
interface EventRules<T> {

  /** Rules for types with nothing beyond their schema. */
  static <T> EventRules<T> none() {
    return new EventRules<>() {};
  }

  /**
   * The event in the non-null {@code value} when a one-pass reader can vouch that it meets the
   * type's schema, to be checked by {@link #check} still; null leaves it to the full pipeline, as
   * the default always does.
   */
  default T readPlainlyValid(byte[] value) {
    return null;
  }

  /** Whether a null value is a tombstone (read as null) rather than an error. */
  default boolean acceptsTombstones() {
    return true;
  }

  /** The code for a violation of the type's schema by {@code document}. */
  default RejectionReason reasonFor(SchemaViolation violation, JsonNode document) {
    return RejectionReason.SCHEMA_VIOLATION;
  }

  /** The code for a string at {@code pointer} beyond the reader's length limit. */
  default RejectionReason reasonForOversizedString(String pointer) {
    return RejectionReason.MALFORMED_JSON;
  }

  /**
   * Rules the schema cannot express, on an event that passed it.
   *
   * @throws EventDeserializationException if the event breaks one
   */
  default void check(T event) {}
}
