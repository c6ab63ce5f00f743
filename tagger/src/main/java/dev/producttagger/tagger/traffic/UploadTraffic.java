package dev.producttagger.tagger.traffic;

import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.ImageUploaded;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays images onto the uploads topic as sellers' gray8 uploads, at a steady offered rate or as
 * fast as the producer takes them, and tells the {@link OutcomeTracker} what it sent.
 */
public final class UploadTraffic implements AutoCloseable {

  // One producer and so one serializer for the run: a new one per upload rebuilt Jackson's
  // serializers every time.
  private final KafkaProducer<String, ImageUploaded> producer;
  private final Topic<String, ImageUploaded> topic;
  private final String productPrefix;

  /**
   * @param productPrefix starts every product id, so one run's outputs are told apart from earlier
   *     runs' on the same topics
   */
  public UploadTraffic(Map<String, Object> clientConfigs, String topic, String productPrefix) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.topic = EventTopics.UPLOADS.named(topic);
    this.producer =
        new KafkaProducer<>(
            props, this.topic.keySerde().serializer(), this.topic.valueSerde().serializer());
    this.productPrefix = productPrefix;
  }

  /**
   * Sends every upload in order, product ids {@code prefix0, prefix1, ...}; calls {@code afterEach}
   * with the number sent so far.
   *
   * @param imagesPerSecond the offered rate; 0 or less sends as fast as the producer takes them
   */
  public void send(
      List<LabelledUpload> uploads,
      double imagesPerSecond,
      OutcomeTracker tracker,
      IntConsumer afterEach) {
    long started = System.nanoTime();
    for (int i = 0; i < uploads.size(); i++) {
      if (imagesPerSecond > 0) {
        long wait = started + (long) (i * 1e9 / imagesPerSecond) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      String productId = productPrefix + i;
      ImageUploaded upload =
          new ImageUploaded(
              UUID.randomUUID().toString(),
              "demo-seller-" + (i % 50),
              productId,
              Instant.now(),
              uploads.get(i).image());
      tracker.expect(upload.eventId(), uploads.get(i).label());
      producer.send(new ProducerRecord<>(topic.name(), productId, upload));
      afterEach.accept(i + 1);
    }
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
