package dev.producttagger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.JsonSchemaFile;
import dev.producttagger.schemas.json.SchemaViolation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The JSON serde of one event type. Writing leaves out null fields. Reading goes: strict UTF-8 JSON
 * within limits, then the type's JSON Schema, then the rules the schema cannot express, then the
 * record; any failure is an {@link EventDeserializationException}. A type may first try a one-pass
 * reader for the ordinary valid case ({@link EventRules#readPlainlyValid}); whatever it declines
 * takes the full pipeline, which explains any failure. Thread-safe and stateless: share one
 * instance. Get instances from {@link EventSerdes}.
 *
 * @param <T> the event record type
 */
public final class JsonSerde<T> implements Serde<T> {

  /** How many violations a detail lists before it just counts the rest. */
  private static final int MAX_LISTED_VIOLATIONS = 3;

  private final Class<T> type;
  private final JsonSchemaFile schema;
  private final JsonCodec codec;
  private final EventRules<T> rules;

  JsonSerde(Class<T> type, JsonSchemaFile schema, JsonCodec codec, EventRules<T> rules) {
    this.type = type;
    this.schema = schema;
    this.codec = codec;
    this.rules = rules;
  }

  /** The JSON Schema file this serde validates against. */
  public JsonSchemaFile schema() {
    return schema;
  }

  /** UTF-8 JSON for {@code event}, or null for a null event (a tombstone). */
  public byte[] serialize(T event) {
    return event == null ? null : codec.write(event);
  }

  /**
   * The event in {@code value}. A null value is a tombstone and gives null, except for {@code
   * ImageUploaded}, where it is a MALFORMED_JSON failure.
   *
   * @throws EventDeserializationException if the value is not a valid event of this type
   */
  public T deserialize(byte[] value) {
    if (value == null) {
      if (rules.acceptsTombstones()) {
        return null;
      }
      throw new EventDeserializationException(
          RejectionReason.MALFORMED_JSON, "", "the value is null, not a JSON document", null);
    }
    T plainlyValid = rules.readPlainlyValid(value);
    if (plainlyValid != null) {
      rules.check(plainlyValid);
      return plainlyValid;
    }
    JsonNode document = parse(value);
    List<SchemaViolation> violations = schema.validate(document);
    if (!violations.isEmpty()) {
      throw schemaFailure(violations, document);
    }
    T event;
    try {
      event = codec.toValue(document, type);
    } catch (JsonInputException e) {
      throw new EventDeserializationException(
          RejectionReason.SCHEMA_VIOLATION, e.pointer(), e.detail(), e);
    }
    rules.check(event);
    return event;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, event) -> serialize(event);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, value) -> deserialize(value);
  }

  private JsonNode parse(byte[] value) {
    try {
      return codec.readTree(value);
    } catch (JsonInputException e) {
      RejectionReason reason =
          e.kind() == JsonInputException.Kind.STRING_TOO_LONG
              ? rules.reasonForOversizedString(e.pointer())
              : RejectionReason.MALFORMED_JSON;
      throw new EventDeserializationException(reason, e.pointer(), e.detail(), e);
    }
  }

  /** Reports the most specific violation first: one with its own code, else the first found. */
  private EventDeserializationException schemaFailure(
      List<SchemaViolation> violations, JsonNode document) {
    SchemaViolation primary =
        violations.stream()
            .filter(
                violation ->
                    rules.reasonFor(violation, document) != RejectionReason.SCHEMA_VIOLATION)
            .findFirst()
            .orElse(violations.get(0));
    List<String> others =
        violations.stream()
            .filter(violation -> violation != primary)
            .map(SchemaViolation::describe)
            .distinct()
            .toList();
    String detail = primary.describe();
    if (!others.isEmpty()) {
      detail +=
          "; also "
              + others.stream().limit(MAX_LISTED_VIOLATIONS - 1).collect(Collectors.joining("; "));
      if (others.size() > MAX_LISTED_VIOLATIONS - 1) {
        detail += " (and " + (others.size() - MAX_LISTED_VIOLATIONS + 1) + " more)";
      }
    }
    return new EventDeserializationException(
        rules.reasonFor(primary, document), primary.pointer(), detail, null);
  }
}
