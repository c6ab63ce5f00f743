package dev.producttagger.trainer.finetune;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.examples.LabelledExamples;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples a {@code labelled-examples} topic holds now, for fine-tuning: read and compacted by
 * {@link LabelledExamples}, refused whole if any record is not a labelled example a Fashion-MNIST
 * model can learn from (named by partition and offset), with the offsets read as their origin.
 */
public final class ExampleTopic {

  /** Reports name at most this many bad records; the count says how many more there are. */
  private static final int PROBLEMS_SHOWN = 3;

  private ExampleTopic() {}

  /**
   * The examples on {@code topic} now.
   *
   * @throws IOException if the topic cannot be read, holds a record that is not a labelled example
   *     under its eventId, or holds no example
   */
  public static LoadedExamples read(KafkaConnection connection, String topic) throws IOException {
    LabelledExamples all = LabelledExamples.read(connection, topic);
    List<String> problems = new ArrayList<>(all.problems());
    for (LabelledExample example : all.examples()) {
      FashionCategories.problemWith(example.label())
          .ifPresent(problem -> problems.add("eventId " + example.eventId() + ": " + problem));
    }
    if (!problems.isEmpty()) {
      throw new IOException(
          "topic "
              + topic
              + " holds "
              + problems.size()
              + " record(s) that are not labelled examples: "
              + String.join("; ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
              + (problems.size() > PROBLEMS_SHOWN ? "; ..." : ""));
    }
    if (all.examples().isEmpty()) {
      throw new IOException("topic " + topic + " holds no labelled examples");
    }
    return new LoadedExamples(
        ExampleSet.of(all.examples()), ExamplesOrigin.topic(topic, all.describeOffsets()));
  }
}
