package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviewers' decisions on a real broker with exactly-once: every review request answered with a
 * category becomes exactly one final tag marked as decided by a person and one labelled example,
 * across a restart of the tagger on an empty state directory in the middle of the queue (the queue
 * comes back from its changelog); a repeated, unknown or malformed decision is dead-lettered with
 * its reason and decides nothing.
 */
class ReviewDecisionsIT {

  private static final int UPLOADS = 120;

  @TempDir Path stateDir;

  @Test
  void eachDecisionTagsOnceAcrossARestartAndBadOnesAreDeadLettered() throws Exception {
    LabelledImages test = FashionMnistTestSet.load();
    // A threshold no prediction reaches: every upload goes to review.
    TaggerSettings settings =
        TaggerSettings.defaults().withBatch(16, Duration.ofMillis(50)).withThreshold(1.0);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      FixtureModel.publish(broker);
      Map<String, Integer> labelByEventId = new HashMap<>();
      List<TagReviewRequested> reviews;
      TaggerApp first =
          InProcessTagger.start(
              broker,
              "decisions",
              settings,
              InProcessTagger.unsignedRegistry(),
              stateDir.resolve("first"));
      try (UploadProducer uploads =
          new UploadProducer(broker.clientConfigs(), settings.uploadsTopic())) {
        for (int i = 0; i < UPLOADS; i++) {
          labelByEventId.put(uploads.sendValid("product-" + i, test.image(i)), test.label(i));
        }
        uploads.flush();
        reviews =
            readCommitted(
                broker, EventTopics.REVIEW.named(settings.reviewTopic()), UPLOADS, r -> r);
      }
      assertEquals(UPLOADS, reviews.size());

      List<TagDecided> decisions =
          reviews.stream().map(review -> decide(review, labelByEventId)).toList();
      int half = UPLOADS / 2;
      try (DecisionProducer producer = new DecisionProducer(broker, settings)) {
        for (int i = 0; i < half; i++) {
          producer.send(decisions.get(i), reviews.get(i).source().partition());
        }
        producer.flush();
        // Half of the outputs commit before the restart; the rest of the queue waits in the store.
        readCommitted(broker, EventTopics.TAGS.named(settings.tagsTopic()), half, t -> t);
        first.close();

        try (TaggerApp second =
            InProcessTagger.start(
                broker,
                "decisions",
                settings,
                InProcessTagger.unsignedRegistry(),
                stateDir.resolve("second"))) {
          for (int i = half; i < UPLOADS; i++) {
            producer.send(decisions.get(i), reviews.get(i).source().partition());
          }
          for (int i = 0; i < 5; i++) {
            producer.send(decisions.get(i), reviews.get(i).source().partition());
          }
          TagDecided unknown =
              TagDecided.category(
                  UUID.randomUUID().toString(),
                  reviews.get(0).productId(),
                  decisions.get(0).category(),
                  "reviewer-1",
                  Instant.now(),
                  reviews.get(0).model());
          producer.send(unknown, reviews.get(0).source().partition());
          producer.sendRaw(
              reviews.get(1).productId(), "{\"eventId\": 42".getBytes(StandardCharsets.UTF_8));
          producer.flush();

          List<ProductTagged> tags =
              readCommitted(broker, EventTopics.TAGS.named(settings.tagsTopic()), UPLOADS, t -> t);
          List<LabelledExample> examples =
              readCommitted(
                  broker,
                  EventTopics.LABELLED_EXAMPLES.named(settings.labelledExamplesTopic()),
                  UPLOADS,
                  e -> e);
          List<UploadRejected> deadLetters =
              readCommitted(
                  broker, EventTopics.DEAD_LETTERS.named(settings.deadLetterTopic()), 7, d -> d);

          assertEquals(UPLOADS, tags.size(), "one final tag per decided review, none twice");
          assertEquals(
              labelByEventId.keySet(),
              tags.stream().map(ProductTagged::eventId).collect(Collectors.toSet()));
          assertTrue(tags.stream().allMatch(ProductTagged::decidedByPerson));
          assertTrue(
              tags.stream().allMatch(t -> t.category().index() == labelByEventId.get(t.eventId())),
              "each tag carries the reviewer's category");
          assertEquals(UPLOADS, examples.size());
          for (LabelledExample example : examples) {
            int image = Integer.parseInt(example.productId().substring("product-".length()));
            assertEquals(test.label(image), example.label().index());
            assertTrue(java.util.Arrays.equals(test.image(image), example.pixels()));
          }
          Map<RejectionReason, Long> byReason =
              deadLetters.stream()
                  .collect(Collectors.groupingBy(UploadRejected::reason, Collectors.counting()));
          assertEquals(
              Map.of(
                  RejectionReason.ALREADY_DECIDED, 5L,
                  RejectionReason.UNKNOWN_REVIEW, 1L,
                  RejectionReason.MALFORMED_JSON, 1L),
              byReason);
          assertTrue(
              deadLetters.stream()
                  .allMatch(d -> d.source().topic().equals(settings.decisionsTopic())));
        }
      }
    }
  }

  /** A reviewer who knows the true label. */
  private static TagDecided decide(TagReviewRequested review, Map<String, Integer> labels) {
    int label = labels.get(review.eventId());
    return TagDecided.category(
        review.eventId(),
        review.productId(),
        new Category(label, FashionCategories.NAMES.get(label)),
        "reviewer-1",
        Instant.now(),
        review.model());
  }

  /**
   * Reads {@code topic} from the start as a read_committed consumer until it holds {@code count}
   * records, then for two quiet seconds more, so that an extra record would be seen.
   */
  private static <V, T> List<T> readCommitted(
      EmbeddedKafkaBroker broker, Topic<?, V> topic, int count, Function<V, T> as) {
    Map<String, Object> props = new HashMap<>(broker.clientConfigs());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    List<T> read = new ArrayList<>();
    try (KafkaConsumer<?, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<?, V> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(as.apply(record.value()));
        }
        if (read.size() >= count && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return read;
  }

  /** Sends decisions to the partition of the upload each answers, as the review queue does. */
  private static final class DecisionProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Topic<String, TagDecided> topic;

    DecisionProducer(EmbeddedKafkaBroker broker, TaggerSettings settings) {
      this.producer =
          new KafkaProducer<>(
              broker.clientConfigs(), new StringSerializer(), new ByteArraySerializer());
      this.topic = EventTopics.DECISIONS.named(settings.decisionsTopic());
    }

    void send(TagDecided decision, int partition) {
      byte[] value = topic.valueSerde().serializer().serialize(topic.name(), decision);
      producer.send(new ProducerRecord<>(topic.name(), partition, decision.productId(), value));
    }

    void sendRaw(String productId, byte[] value) {
      producer.send(new ProducerRecord<>(topic.name(), productId, value));
    }

    void flush() {
      producer.flush();
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
