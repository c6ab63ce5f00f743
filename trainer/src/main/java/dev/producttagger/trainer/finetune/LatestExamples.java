package dev.producttagger.trainer.finetune;

import dev.producttagger.schemas.events.LabelledExample;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compacts labelled examples as Kafka compacts their topic: the newest value of an eventId wins,
 * and a tombstone (a null value) drops the eventId. Feed records in offset order.
 */
final class LatestExamples {

  private final Map<String, LabelledExample> byEventId = new LinkedHashMap<>();

  /** The record with key {@code eventId} and value {@code example}; null is a tombstone. */
  void accept(String eventId, LabelledExample example) {
    if (example == null) {
      byEventId.remove(eventId);
    } else {
      byEventId.put(eventId, example);
    }
  }

  ExampleSet toExampleSet() {
    return ExampleSet.of(byEventId.values());
  }
}
