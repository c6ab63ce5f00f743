package dev.producttagger.tagger.topology;

import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Builds the dead-letter record for a rejected upload: the original key and value bytes, where they
 * came from, a stable reason and a human detail. Shared by the deserialization and the processing
 * exception handlers, which Kafka Streams sends through the task's own producer, so a dead letter
 * commits in the same transaction as the input offset. Each one is counted in the statistics.
 */
final class DeadLetters {

  private final String topic;
  private final TaggerStatistics statistics;
  private final Clock clock;
  private final Serializer<UploadRejected> serializer =
      EventTopics.DEAD_LETTERS.valueSerde().serializer();

  DeadLetters(String topic, TaggerStatistics statistics, Clock clock) {
    this.topic = topic;
    this.statistics = statistics;
    this.clock = clock;
  }

  /**
   * Reads the dead-letter topic from the standard Kafka Streams setting and the statistics from
   * {@link TaggerStatistics#CONFIG_KEY}.
   */
  static DeadLetters fromConfigs(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new ConfigException(
          StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
              + " must name the dead-letter topic");
    }
    return new DeadLetters(
        topic.toString(), TaggerStatistics.fromConfigs(configs), Clock.systemUTC());
  }

  List<ProducerRecord<byte[], byte[]>> record(
      RejectionReason reason,
      String detail,
      SourceRef source,
      byte[] key,
      byte[] value,
      Headers headers) {
    UploadRejected rejected =
        new UploadRejected(reason, detail, source, key, value, clock.instant());
    statistics.recordRejection(reason);
    return List.of(
        new ProducerRecord<>(topic, null, key, serializer.serialize(topic, rejected), headers));
  }
}
