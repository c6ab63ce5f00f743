package dev.producttagger.benchmarks.loop;

import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A reviewer who knows every upload's true label: reads the tagger's review requests as any review
 * tool would (read_committed, from the start, remembering its place) and answers them on the
 * decisions topic, in the partition of the upload each answers, at a set pace.
 */
final class SimulatedReviewer implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, TagReviewRequested> requests;
  private final KafkaProducer<String, TagDecided> decisions;
  private final Topic<String, TagDecided> decisionsTopic;
  private final String reviewerId;

  SimulatedReviewer(Map<String, Object> clientConfigs, TaggerSettings settings, String reviewerId) {
    Topic<String, TagReviewRequested> review = EventTopics.REVIEW.named(settings.reviewTopic());
    Map<String, Object> consumer = new HashMap<>(clientConfigs);
    consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.requests =
        new KafkaConsumer<>(
            consumer, review.keySerde().deserializer(), review.valueSerde().deserializer());
    List<TopicPartition> partitions =
        requests.partitionsFor(review.name()).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    requests.assign(partitions);
    requests.seekToBeginning(partitions);
    Map<String, Object> producer = new HashMap<>(clientConfigs);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.decisionsTopic = EventTopics.DECISIONS.named(settings.decisionsTopic());
    this.decisions =
        new KafkaProducer<>(
            producer,
            decisionsTopic.keySerde().serializer(),
            decisionsTopic.valueSerde().serializer());
    this.reviewerId = reviewerId;
  }

  /**
   * Reads {@code expected} more review requests (or until {@code timeout}) and answers those whose
   * product has a label in {@code labelByProduct}, at most {@code max}, at most {@code perSecond} a
   * second (0: as fast as it can).
   *
   * @return how many it answered
   */
  int answer(
      Map<String, Integer> labelByProduct,
      int expected,
      int max,
      double perSecond,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long started = System.nanoTime();
    int seen = 0;
    int answered = 0;
    while (seen < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, TagReviewRequested> record : requests.poll(POLL)) {
        seen++;
        TagReviewRequested request = record.value();
        Integer label = labelByProduct.get(request.productId());
        if (label == null || answered >= max) {
          continue;
        }
        if (perSecond > 0) {
          long wait = started + (long) (answered * 1e9 / perSecond) - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        TagDecided decision =
            TagDecided.category(
                request.eventId(),
                request.productId(),
                new Category(label, FashionCategories.NAMES.get(label)),
                reviewerId,
                Instant.now(),
                request.model());
        decisions.send(
            new ProducerRecord<>(
                decisionsTopic.name(),
                request.source().partition(),
                request.productId(),
                decision));
        answered++;
      }
    }
    decisions.flush();
    return answered;
  }

  @Override
  public void close() {
    requests.close();
    decisions.close();
  }
}
