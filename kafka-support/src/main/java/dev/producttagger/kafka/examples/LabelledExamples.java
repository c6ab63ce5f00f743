package dev.producttagger.kafka.examples;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.events.LabelledExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The labelled-examples topic read whole, as compaction would leave it: the newest example per
 * eventId, a tombstone removing one. Records that are not examples are counted and left out, never
 * fatal: the topic is written by the tagger, but a reader must not trust it blindly.
 *
 * @param examples ordered by eventId, so the same topic contents give the same list
 * @param unreadable records that were not valid examples
 * @param endOffsets per partition, the offset reading stopped at: what these examples cover
 */
public record LabelledExamples(
    List<LabelledExample> examples, int unreadable, Map<Integer, Long> endOffsets) {

  public LabelledExamples {
    examples = List.copyOf(examples);
    endOffsets = Map.copyOf(endOffsets);
  }

  /** Every example on {@code topic} now. */
  public static LabelledExamples read(KafkaConnection connection, String topic) throws IOException {
    Deserializer<LabelledExample> values =
        EventTopics.LABELLED_EXAMPLES.valueSerde().deserializer();
    Map<String, LabelledExample> byEventId = new LinkedHashMap<>();
    Map<Integer, Long> endOffsets = new TreeMap<>();
    int[] unreadable = {0};
    TopicReader.readAll(
        connection,
        topic,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        record -> {
          endOffsets.merge(record.partition(), record.offset() + 1, Math::max);
          if (record.value() == null) {
            if (record.key() != null) {
              byEventId.remove(record.key());
            }
            return;
          }
          try {
            LabelledExample example = values.deserialize(topic, record.value());
            byEventId.put(example.eventId(), example);
          } catch (SerializationException | IllegalArgumentException e) {
            unreadable[0]++;
          }
        });
    List<LabelledExample> examples = new ArrayList<>(byEventId.values());
    examples.sort(Comparator.comparing(LabelledExample::eventId));
    return new LabelledExamples(examples, unreadable[0], endOffsets);
  }
}
