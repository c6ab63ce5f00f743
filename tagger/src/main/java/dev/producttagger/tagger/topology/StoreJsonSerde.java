package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.ReadLimits;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON form of a store's values ({@link LatestTag}, {@link ReviewCase}) for their changelogs,
 * written with the events' own conventions. Readers ignore unknown fields, so a later tagger can
 * add some and still restore a store this one wrote.
 */
final class StoreJsonSerde<T> implements Serde<T> {

  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  private final Class<T> type;

  StoreJsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : CODEC.write(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private T read(byte[] bytes) {
    try {
      return CODEC.toValue(CODEC.readTree(bytes), type);
    } catch (JsonInputException | IllegalArgumentException e) {
      throw new SerializationException("corrupt " + type.getSimpleName() + " entry", e);
    }
  }
}
