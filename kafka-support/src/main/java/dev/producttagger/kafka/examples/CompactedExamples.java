package dev.producttagger.kafka.examples;

import dev.producttagger.schemas.events.LabelledExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled examples compacted as Kafka compacts their topic: the newest value of an eventId wins,
 * and a tombstone (a null value) drops the eventId. Feed records in offset order; a file export of
 * the topic is read the same way.
 */
public final class CompactedExamples {

  private final Map<String, LabelledExample> byEventId = new LinkedHashMap<>();

  /** The record with key {@code eventId} and value {@code example}; null is a tombstone. */
  public void accept(String eventId, LabelledExample example) {
    if (example == null) {
      byEventId.remove(eventId);
    } else {
      byEventId.put(eventId, example);
    }
  }

  /** What is left, ordered by eventId, so the same records give the same list. */
  public List<LabelledExample> examples() {
    List<LabelledExample> examples = new ArrayList<>(byEventId.values());
    examples.sort(Comparator.comparing(LabelledExample::eventId));
    return examples;
  }
}
