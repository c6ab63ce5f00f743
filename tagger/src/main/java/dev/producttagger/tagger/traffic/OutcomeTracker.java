package dev.producttagger.tagger.traffic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Watches the tagger's three output topics as a read_committed consumer (what any downstream reader
 * sees) and matches every output to the upload that caused it: counts, accuracy against the known
 * labels, upload-to-output latency, and the model versions that answered. Only outputs that appear
 * after {@link #start} count, so runs on a persistent broker do not see each other.
 */
public final class OutcomeTracker implements AutoCloseable {

  private record Pending(int label, long sentNanos) {}

  /** What the tracker reads of a tag or a review; both events name these fields alike. */
  private record Answer(String eventId, Category category, ModelRef model, String taggedAt) {}

  /**
   * Reads answers with plain Jackson, not the validating serdes: the tracker needs four fields, not
   * a validated event, and it runs on the cores of the tagger under test. That the outputs keep
   * their contract is tested where they are made (TaggerTopologyTest and the integration tests read
   * them through the serdes).
   */
  private static final ObjectMapper ANSWERS =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<UploadRejected> rejections =
      EventTopics.DEAD_LETTERS.valueSerde().deserializer();
  private final TaggerSettings settings;
  private final String productPrefix;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;

  // Written by the poller thread only, read by others under this object's lock.
  private int expected;
  private int tagged;
  private int review;
  private int rejected;
  private int labelled;
  private int correct;
  private int repeated;
  private final List<Long> latencyNanos = new ArrayList<>();
  private final List<Long> afterTaggingNanos = new ArrayList<>();
  private final Map<String, Integer> rejectionsByReason = new TreeMap<>();
  private final Map<String, Integer> outputsByModel = new TreeMap<>();
  private volatile RuntimeException failure;
  private volatile long lastOutputNanos;
  private long longestGapNanos;

  private OutcomeTracker(
      KafkaConsumer<byte[], byte[]> consumer, TaggerSettings settings, String productPrefix) {
    this.consumer = consumer;
    this.settings = settings;
    this.productPrefix = productPrefix;
    this.poller = new Thread(this::pollUntilClosed, "outcome-tracker");
    poller.setDaemon(true);
  }

  /** Positions at the current end of every output partition and starts watching. */
  public static OutcomeTracker start(
      Map<String, Object> clientConfigs, TaggerSettings settings, String productPrefix) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "outcome-tracker-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(settings.tagsTopic(), settings.reviewTopic(), settings.deadLetterTopic())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        consumer.close();
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // seekToEnd is lazy: resolve the positions now, before any upload of this run is sent.
    partitions.forEach(consumer::position);
    OutcomeTracker tracker = new OutcomeTracker(consumer, settings, productPrefix);
    tracker.poller.start();
    return tracker;
  }

  /** Registers an upload about to be sent, with its true label or UNLABELLED. */
  public void expect(String eventId, int label) {
    pending.put(eventId, new Pending(label, System.nanoTime()));
    synchronized (this) {
      expected++;
    }
  }

  /** Waits until every expected upload has an output, or the timeout passes. */
  public boolean awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (failure != null) {
        throw failure;
      }
      synchronized (this) {
        if (tagged + review + rejected >= expected) {
          return true;
        }
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** What has been seen so far. */
  public synchronized OutcomeCounts counts() {
    return new OutcomeCounts(
        expected,
        tagged,
        review,
        rejected,
        labelled,
        correct,
        repeated,
        Map.copyOf(rejectionsByReason),
        Map.copyOf(outputsByModel),
        LatencySummary.ofNanos(latencyNanos),
        LatencySummary.ofNanos(afterTaggingNanos),
        longestGapNanos / 1e6);
  }

  /** {@link System#nanoTime()} when the last matched tag or review output was read; 0 if none. */
  public long lastOutputNanos() {
    return lastOutputNanos;
  }

  private void pollUntilClosed() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          accept(record, System.nanoTime(), System.currentTimeMillis());
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void accept(
      ConsumerRecord<byte[], byte[]> record, long receivedNanos, long receivedEpochMillis) {
    String topic = record.topic();
    if (topic.equals(settings.deadLetterTopic())) {
      UploadRejected rejection = rejections.deserialize(record.topic(), record.value());
      String key =
          rejection.originalKey() == null
              ? ""
              : new String(rejection.originalKey(), StandardCharsets.UTF_8);
      if (key.startsWith(productPrefix)) {
        synchronized (this) {
          rejected++;
          lastOutputNanos = System.nanoTime();
          rejectionsByReason.merge(rejection.reason().name(), 1, Integer::sum);
        }
      }
      return;
    }
    boolean isTag = topic.equals(settings.tagsTopic());
    Answer answer = readAnswer(record.value());
    String eventId = answer.eventId();
    int category = answer.category().index();
    ModelRef model = answer.model();
    Instant taggedAt = Instant.parse(answer.taggedAt());
    Pending sent = pending.get(eventId);
    if (sent == null) {
      return; // another run's or another producer's upload
    }
    synchronized (this) {
      if (!answered.add(eventId)) {
        repeated++;
        return;
      }
      if (isTag) {
        tagged++;
      } else {
        review++;
      }
      if (sent.label() != LabelledUpload.UNLABELLED) {
        labelled++;
        if (category == sent.label()) {
          correct++;
        }
      }
      latencyNanos.add(receivedNanos - sent.sentNanos());
      afterTaggingNanos.add((receivedEpochMillis - taggedAt.toEpochMilli()) * 1_000_000);
      if (lastOutputNanos > 0) {
        longestGapNanos = Math.max(longestGapNanos, receivedNanos - lastOutputNanos);
      }
      lastOutputNanos = receivedNanos;
      outputsByModel.merge(model.name() + " v" + model.version(), 1, Integer::sum);
    }
  }

  private static Answer readAnswer(byte[] value) {
    try {
      return ANSWERS.readValue(value, Answer.class);
    } catch (IOException e) {
      throw new UncheckedIOException("an output is not a tag or review event", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    poller.join(10_000);
    consumer.close();
  }
}
