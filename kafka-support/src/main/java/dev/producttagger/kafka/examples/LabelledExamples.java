package dev.producttagger.kafka.examples;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.client.TopicReader;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.events.LabelledExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The labelled-examples topic read whole, as compaction would leave it: the newest example per
 * eventId, a tombstone removing one. Records that are not examples under their eventId are left out
 * and described in {@link #problems()}: a reader decides whether they are fatal (fine-tuning
 * refuses them) or only worth reporting (promotion counts them).
 *
 * @param examples ordered by eventId, so the same topic contents give the same list
 * @param problems one line per record left out, naming its partition and offset
 * @param offsetRanges per partition that held records, the first and last offset read
 */
public record LabelledExamples(
    List<LabelledExample> examples, List<String> problems, Map<Integer, long[]> offsetRanges) {

  public LabelledExamples {
    examples = List.copyOf(examples);
    problems = List.copyOf(problems);
    offsetRanges = Map.copyOf(offsetRanges);
  }

  /** Every example on {@code topic} now. */
  public static LabelledExamples read(KafkaConnection connection, String topic) throws IOException {
    Deserializer<LabelledExample> values =
        EventTopics.LABELLED_EXAMPLES.valueSerde().deserializer();
    CompactedExamples compacted = new CompactedExamples();
    Map<Integer, long[]> ranges = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    TopicReader.readAll(
        connection,
        topic,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        (ConsumerRecord<String, byte[]> record) -> {
          ranges.merge(
              record.partition(),
              new long[] {record.offset(), record.offset()},
              (range, next) -> new long[] {range[0], next[1]});
          String where = "partition " + record.partition() + " offset " + record.offset() + ": ";
          if (record.key() == null) {
            problems.add(where + "no key; examples are keyed by eventId");
            return;
          }
          if (record.value() == null) {
            compacted.accept(record.key(), null);
            return;
          }
          try {
            LabelledExample example = values.deserialize(topic, record.value());
            if (!example.eventId().equals(record.key())) {
              problems.add(where + "key " + record.key() + " is not the example's eventId");
            } else {
              compacted.accept(example.eventId(), example);
            }
          } catch (SerializationException | IllegalArgumentException e) {
            problems.add(where + e.getMessage());
          }
        });
    return new LabelledExamples(compacted.examples(), problems, ranges);
  }

  /** {@code partition:first-last} for each partition that held records, such as {@code 0:0-41}. */
  public String describeOffsets() {
    return new TreeMap<>(offsetRanges)
        .entrySet().stream()
            .map(entry -> entry.getKey() + ":" + entry.getValue()[0] + "-" + entry.getValue()[1])
            .collect(Collectors.joining(","));
  }
}
