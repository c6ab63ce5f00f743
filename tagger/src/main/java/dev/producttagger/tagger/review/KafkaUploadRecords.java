package dev.producttagger.tagger.review;

import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.ImageUploaded;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Fetches single uploads from the uploads topic for the review page's original photos: the upload
 * is where the seller put it, so the tagger keeps no copy. One consumer without a group, assigned
 * and positioned per request; synchronised, since a consumer is single-threaded.
 */
public final class KafkaUploadRecords implements UploadRecords, AutoCloseable {

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<String, ImageUploaded> topic;
  private final Deserializer<ImageUploaded> uploads;

  public KafkaUploadRecords(Map<String, Object> clientConfigs, Topic<String, ImageUploaded> topic) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tagger-review-photos");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.uploads = topic.valueSerde().deserializer();
  }

  @Override
  public synchronized Optional<ImageUploaded> at(int partition, long offset) {
    TopicPartition where = new TopicPartition(topic.name(), partition);
    try {
      consumer.assign(List.of(where));
      consumer.seek(where, offset);
      long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() != offset) {
            // Retention removed it: the consumer moved on to the next record there is.
            return Optional.empty();
          }
          return Optional.ofNullable(uploads.deserialize(topic.name(), record.value()));
        }
      }
      return Optional.empty();
    } catch (KafkaException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
