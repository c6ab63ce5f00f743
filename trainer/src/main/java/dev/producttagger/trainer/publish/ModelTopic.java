package dev.producttagger.trainer.publish;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.topics.ProductTopics;
import dev.producttagger.schemas.topics.TopicCreator;
import dev.producttagger.schemas.topics.TopicSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model topic on a Kafka cluster: created compacted with room for a bundle, read from the
 * beginning to its end, written one bundle at a time keyed by model name. Every failure to reach or
 * use the cluster is an IOException that says what was attempted where.
 */
public final class ModelTopic {

  private static final Logger LOG = LoggerFactory.getLogger(ModelTopic.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final KafkaConnection connection;
  private final String name;

  public ModelTopic(KafkaConnection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  /**
   * Creates the topic as {@link ProductTopics#models()} describes it, with the cluster's default
   * replication, unless it exists.
   */
  public void createIfMissing() throws IOException {
    try (Admin admin = Admin.create(connection.adminConfig())) {
      TopicSpec spec = ProductTopics.models().withName(name);
      if (!TopicCreator.createMissing(
              admin, List.of(spec), Optional.empty(), connection.timeout().toMillis())
          .isEmpty()) {
        LOG.info("created topic {} with {}", name, spec.configs());
      }
    } catch (TimeoutException e) {
      throw new IOException(
          "cannot reach Kafka at "
              + connection.bootstrapServers()
              + ": no answer within "
              + seconds(connection.timeout()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while creating topic " + name);
    } catch (KafkaException | IllegalStateException e) {
      throw failure("cannot create topic " + name, e);
    }
  }

  /**
   * Every record from the beginning of the topic to its end as it was when reading began, checked
   * as a tagger checks it.
   */
  public PublishedModels read(BundleLimits limits, Optional<byte[]> hmacKey) throws IOException {
    List<BundleManifest> bundles = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            connection.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(name, connection.timeout()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, connection.timeout());
      long deadline = System.nanoTime() + connection.timeout().toNanos();
      while (!reached(consumer, end)) {
        var records = consumer.poll(POLL_INTERVAL);
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + connection.timeout().toNanos();
        } else if (System.nanoTime() > deadline) {
          throw new IOException(
              "reading topic "
                  + name
                  + " at "
                  + connection.bootstrapServers()
                  + " made no progress for "
                  + seconds(connection.timeout()));
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          if (record.value() == null) {
            continue; // a tombstone carries no bundle
          }
          try {
            bundles.add(ModelBundle.read(record.value(), limits, hmacKey).manifest());
          } catch (InvalidBundleException e) {
            LOG.warn(
                "ignoring the record at {}-{} offset {}: {}",
                name,
                record.partition(),
                record.offset(),
                e.getMessage());
          }
        }
      }
    } catch (KafkaException e) {
      throw failure("cannot read topic " + name, e);
    }
    return new PublishedModels(bundles);
  }

  /** Writes one bundle under {@code key} and waits until every in-sync replica has it. */
  public RecordMetadata publish(String key, byte[] bundle) throws IOException {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            connection.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(name, key, bundle)).get();
    } catch (ExecutionException e) {
      throw failure("cannot publish to topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while publishing to topic " + name);
    } catch (KafkaException e) {
      throw failure("cannot publish to topic " + name, e);
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
  }

  /**
   * Kafka wraps the telling reason (an unresolvable host, a refused login) in generic ones: name
   * both.
   */
  private IOException failure(String attempt, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason =
        root == cause ? cause.getMessage() : cause.getMessage() + ": " + root.getMessage();
    return new IOException(attempt + " at " + connection.bootstrapServers() + ": " + reason, cause);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
