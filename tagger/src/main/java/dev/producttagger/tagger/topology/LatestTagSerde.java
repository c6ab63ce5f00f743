package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.ReadLimits;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON form of a {@link LatestTag} for its changelogged store, written with the events' own
 * conventions. Readers ignore unknown fields, so a later tagger can add some and still restore a
 * store this one wrote.
 */
final class LatestTagSerde implements Serde<LatestTag> {

  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  @Override
  public Serializer<LatestTag> serializer() {
    return (topic, tag) -> tag == null ? null : CODEC.write(tag);
  }

  @Override
  public Deserializer<LatestTag> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private static LatestTag read(byte[] bytes) {
    try {
      return CODEC.toValue(CODEC.readTree(bytes), LatestTag.class);
    } catch (JsonInputException | IllegalArgumentException e) {
      throw new SerializationException("corrupt latest-tag entry", e);
    }
  }
}
