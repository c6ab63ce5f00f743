package dev.producttagger.kafka.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic, every partition from its beginning at least to its end as it was when
 * reading began, without a consumer group: what the model topic, the dead letters or a ledger hold
 * right now. Only committed records are read.
 */
public final class TopicReader {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private TopicReader() {}

  /**
   * Hands every record to {@code each}, in offset order within each partition.
   *
   * @throws IOException if the topic does not exist, the cluster cannot be reached, or reading
   *     makes no progress for the connection's timeout
   */
  public static <K, V> void readAll(
      KafkaConnection connection,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Consumer<ConsumerRecord<K, V>> each)
      throws IOException {
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(connection.consumerConfig(), keys, values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, connection.timeout()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw connection.missingTopic(topic);
      }
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
                  + topic
                  + " at "
                  + connection.bootstrapServers()
                  + " made no progress for "
                  + KafkaConnection.seconds(connection.timeout()));
        }
        records.forEach(each);
      }
    } catch (TimeoutException e) {
      throw connection.unreachable(e);
    } catch (KafkaException e) {
      throw connection.failure("cannot read topic " + topic, e);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
  }
}
