package dev.producttagger.tagger.it;

import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the tagger's three output topics as a read_committed consumer: only what the tagger's
 * transactions committed is seen, as any downstream reader would.
 */
final class OutputTopics implements AutoCloseable {

  /**
   * One output record, reduced to what the guarantees are about.
   *
   * @param detail the category of a tag or review, the reason of a dead letter
   * @param confidence of a tag or review; null for a dead letter
   * @param model the model that made a tag or review; null for a dead letter
   * @param receivedNanos {@link System#nanoTime()} when this reader received it: when the tagger's
   *     transaction made it visible, give or take a poll
   */
  record Output(
      String topic,
      String eventId,
      long sourceOffset,
      int sourcePartition,
      String detail,
      Double confidence,
      ModelRef model,
      long receivedNanos) {

    /** The input record this output answers, as "partition@offset". */
    String source() {
      return sourcePartition + "@" + sourceOffset;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TaggerSettings settings;
  private final List<Output> outputs = new ArrayList<>();
  private final List<UploadRejected> deadLetters = new ArrayList<>();

  OutputTopics(Map<String, Object> clientConfigs, TaggerSettings settings) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.settings = settings;
    // Assigned, not subscribed: no consumer group, so no rebalance (after a broker restart, say)
    // can move the reader back to a committed offset and make it see a record twice.
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(settings.tagsTopic(), settings.reviewTopic(), settings.deadLetterTopic())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos.isEmpty()) {
        consumer.close();
        throw new IllegalStateException("create topic " + topic + " before reading it");
      }
      infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
  }

  /**
   * Polls until at least {@code count} outputs were read in all, or the timeout passes; returns all
   * so far.
   */
  List<Output> awaitAtLeast(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (outputs.size() < count && System.nanoTime() < deadline) {
      pollOnce(Duration.ofMillis(200));
    }
    return List.copyOf(outputs);
  }

  /** Keeps polling for a while to catch anything that arrives late, such as duplicates. */
  List<Output> drain(Duration quietFor) {
    long deadline = System.nanoTime() + quietFor.toNanos();
    while (System.nanoTime() < deadline) {
      pollOnce(Duration.ofMillis(200));
    }
    return List.copyOf(outputs);
  }

  /** How many of {@code outputs} each topic holds, by topic name. */
  static Map<String, Long> countByTopic(List<Output> outputs) {
    return outputs.stream()
        .collect(Collectors.groupingBy(Output::topic, TreeMap::new, Collectors.counting()));
  }

  /** Every dead letter read so far, whole: with its detail and the original key and value. */
  List<UploadRejected> deadLetters() {
    return List.copyOf(deadLetters);
  }

  private void pollOnce(Duration timeout) {
    var records = consumer.poll(timeout);
    long received = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      outputs.add(parse(record, received));
    }
  }

  private Output parse(ConsumerRecord<byte[], byte[]> record, long received) {
    if (record.topic().equals(settings.tagsTopic())) {
      ProductTagged tag =
          EventTopics.TAGS.valueSerde().deserializer().deserialize(record.topic(), record.value());
      return new Output(
          record.topic(),
          tag.eventId(),
          tag.source().offset(),
          tag.source().partition(),
          tag.category().name(),
          tag.confidence(),
          tag.model(),
          received);
    }
    if (record.topic().equals(settings.reviewTopic())) {
      TagReviewRequested review =
          EventTopics.REVIEW
              .valueSerde()
              .deserializer()
              .deserialize(record.topic(), record.value());
      return new Output(
          record.topic(),
          review.eventId(),
          review.source().offset(),
          review.source().partition(),
          review.category().name(),
          review.confidence(),
          review.model(),
          received);
    }
    UploadRejected rejected =
        EventTopics.DEAD_LETTERS
            .valueSerde()
            .deserializer()
            .deserialize(record.topic(), record.value());
    deadLetters.add(rejected);
    return new Output(
        record.topic(),
        null,
        rejected.source().offset(),
        rejected.source().partition(),
        rejected.reason().name(),
        null,
        null,
        received);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
