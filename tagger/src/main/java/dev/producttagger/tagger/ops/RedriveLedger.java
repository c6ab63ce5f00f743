package dev.producttagger.tagger.ops;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.ReadLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The dead letters already re-driven, as a compacted topic keyed by {@link DeadLetter#id()}. An
 * entry is written in the same transaction as the upload it re-publishes, so an entry exists
 * exactly when the upload went out; a tombstone makes a dead letter eligible again.
 */
public final class RedriveLedger {

  /**
   * One re-drive.
   *
   * @param deadLetter the dead letter's {@link DeadLetter#id()}
   * @param upload where the re-published upload went
   */
  public record Entry(String deadLetter, Instant redrivenAt, SourceRef upload) {

    public Entry {
      Objects.requireNonNull(deadLetter, "deadLetter");
      Objects.requireNonNull(redrivenAt, "redrivenAt");
      Objects.requireNonNull(upload, "upload");
    }

    @Override
    public String toString() {
      return redrivenAt
          + " to "
          + upload.topic()
          + " "
          + new PartitionOffset(upload.partition(), upload.offset());
    }
  }

  private static final JsonCodec JSON = new JsonCodec(ReadLimits.TEXT_ONLY);

  private final String topic;
  private final Map<String, Entry> entries;

  RedriveLedger(String topic, Map<String, Entry> entries) {
    this.topic = topic;
    this.entries = entries;
  }

  /** A ledger that does not exist yet: nothing has been re-driven. */
  static RedriveLedger empty(String topic) {
    return new RedriveLedger(topic, new HashMap<>());
  }

  /**
   * Everything committed to the ledger topic so far.
   *
   * @throws IOException if the topic cannot be read or holds an entry this tool did not write
   */
  static RedriveLedger read(KafkaConnection connection, String topic) throws IOException {
    Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
    TopicReader.readAll(
        connection,
        topic,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        record -> {
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), record);
          }
        });
    Map<String, Entry> entries = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : latest.values()) {
      try {
        entries.put(record.key(), JSON.toValue(JSON.readTree(record.value()), Entry.class));
      } catch (JsonInputException e) {
        throw new IOException(
            "the ledger "
                + topic
                + " holds an unreadable entry at offset "
                + record.offset()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return new RedriveLedger(topic, entries);
  }

  /** When and where the dead letter was re-driven, if it was. */
  Optional<Entry> find(DeadLetter deadLetter) {
    return Optional.ofNullable(entries.get(deadLetter.id()));
  }

  /** The ledger record for a re-drive, to go in the same transaction as the upload. */
  ProducerRecord<byte[], byte[]> record(Entry entry) {
    return new ProducerRecord<>(
        topic, entry.deadLetter().getBytes(StandardCharsets.UTF_8), JSON.write(entry));
  }
}
