package dev.producttagger.tagger.review;

import dev.producttagger.kafka.topics.Topic;
import dev.producttagger.schemas.events.TagDecided;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The decisions topic through an idempotent producer that waits for every in-sync replica: a
 * decision the API accepted is on the broker, once.
 */
public final class KafkaDecisionLog implements DecisionLog, AutoCloseable {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaProducer<String, TagDecided> producer;
  private final Topic<String, TagDecided> topic;

  /**
   * @param clientConfigs how to reach the cluster (bootstrap servers, security settings)
   */
  public KafkaDecisionLog(Map<String, Object> clientConfigs, Topic<String, TagDecided> topic) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tagger-review-decisions");
    this.producer =
        new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    this.topic = topic;
  }

  @Override
  public String append(TagDecided decision, int partition) throws IOException {
    try {
      RecordMetadata written =
          producer
              .send(new ProducerRecord<>(topic.name(), partition, decision.productId(), decision))
              .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return written.partition() + "@" + written.offset();
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the decisions topic " + topic + " did not take the decision", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the decision", e);
    }
  }

  @Override
  public void close() {
    producer.close(ACK_TIMEOUT);
  }
}
