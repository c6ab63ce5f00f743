package dev.producttagger.trainer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.kafka.examples.CompactedExamples;
import dev.producttagger.schemas.events.LabelledExample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compaction as the broker does it: the newest value per eventId, tombstones drop one. */
class CompactedExamplesTest {

  private final List<LabelledExample> examples = TestExamples.fromTraining(10, 3, 0, 5);

  @Test
  void keepsTheNewestExampleOfAnEventId() {
    CompactedExamples latest = new CompactedExamples();
    examples.forEach(example -> latest.accept(example.eventId(), example));
    LabelledExample decidedAgain = TestExamples.relabelled(examples.get(1), 9);
    latest.accept(decidedAgain.eventId(), decidedAgain);

    assertEquals(
        ExampleSet.of(List.of(examples.get(0), decidedAgain, examples.get(2))),
        ExampleSet.of(latest.examples()));
  }

  @Test
  void aTombstoneDropsTheEventIdUntilItIsWrittenAgain() {
    CompactedExamples latest = new CompactedExamples();
    examples.forEach(example -> latest.accept(example.eventId(), example));
    latest.accept(examples.get(0).eventId(), null);
    latest.accept("no-such-event", null);

    assertEquals(ExampleSet.of(examples.subList(1, 3)), ExampleSet.of(latest.examples()));

    latest.accept(examples.get(0).eventId(), examples.get(0));
    assertEquals(ExampleSet.of(examples), ExampleSet.of(latest.examples()));
  }
}
