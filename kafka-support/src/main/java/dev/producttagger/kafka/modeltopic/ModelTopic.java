package dev.producttagger.kafka.modeltopic;

import dev.producttagger.kafka.client.ClusterAdmin;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.kafka.topics.TopicSpec;
import dev.producttagger.schemas.bundle.BundleLimits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model topic on a Kafka cluster: created compacted with room for a bundle, read from the
 * beginning to its end, written one bundle at a time keyed by model name. The trainer publishes
 * through it and the tagger's model commands list and roll back through it. Every failure to reach
 * or use the cluster is an IOException that says what was attempted where.
 */
public final class ModelTopic {

  /** What a tagger accepts: the default bundle limits within the topic's largest message. */
  public static final BundleLimits LIMITS =
      BundleLimits.DEFAULT.withMaxTotalBytes(ProductTopics.MAX_BUNDLE_BYTES);

  /**
   * The key of the shadow model: a candidate every tagger runs beside the serving model on every
   * batch, comparing answers, without emitting its tags. One shadow at a time; a tombstone under
   * this key retires it. Reserved: no model is published under this name.
   */
  public static final String SHADOW_KEY = "@shadow";

  private static final Logger LOG = LoggerFactory.getLogger(ModelTopic.class);

  private final KafkaConnection connection;
  private final String name;

  public ModelTopic(KafkaConnection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /**
   * Creates the topic as {@link ProductTopics#models()} describes it, with the cluster's default
   * replication, unless it exists.
   */
  public void createIfMissing() throws IOException {
    TopicSpec spec = ProductTopics.models().withName(name);
    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      if (admin.createIfMissing(spec)) {
        LOG.info("created topic {} with {}", name, spec.configs());
      }
    }
  }

  /**
   * Every record from the beginning of the topic to its end as it was when reading began, each
   * checked as a tagger checks it within {@link #LIMITS}.
   *
   * @param hmacKey when present, only bundles signed with it are valid, as for a tagger with it
   */
  public PublishedModels read(Optional<byte[]> hmacKey) throws IOException {
    List<ModelRecord> records = new ArrayList<>();
    TopicReader.readAll(
        connection,
        name,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        record -> records.add(ModelRecord.judge(record, LIMITS, hmacKey)));
    return new PublishedModels(records);
  }

  /**
   * Writes one bundle under {@code key} and waits until every in-sync replica has it; a null bundle
   * is a tombstone.
   */
  public RecordMetadata publish(String key, byte[] bundle) throws IOException {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            connection.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(name, key, bundle)).get();
    } catch (ExecutionException e) {
      throw connection.failure("cannot publish to topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while publishing to topic " + name);
    } catch (KafkaException e) {
      throw connection.failure("cannot publish to topic " + name, e);
    }
  }
}
