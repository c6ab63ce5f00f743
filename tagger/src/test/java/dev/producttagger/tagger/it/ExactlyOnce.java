package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** The exactly-once check on what a read_committed reader saw of the tagger's outputs. */
final class ExactlyOnce {

  private ExactlyOnce() {}

  /**
   * Fails unless each of the {@code inputs} input records has exactly one output across tags,
   * review and dead letters: none missing, none duplicated.
   */
  static void assertEveryInputOnce(
      List<OutputTopics.Output> outputs, int inputs, Supplier<String> diagnostics) {
    Map<String, Long> perInput =
        outputs.stream()
            .collect(Collectors.groupingBy(OutputTopics.Output::source, Collectors.counting()));
    long duplicated = perInput.values().stream().filter(count -> count > 1).count();
    assertEquals(
        0,
        duplicated,
        () -> duplicated + " inputs have more than one output\n" + diagnostics.get());
    assertEquals(
        inputs,
        perInput.size(),
        () ->
            (inputs - perInput.size())
                + " inputs have no output; below the highest offset with one, per upload"
                + " partition: "
                + missingOffsets(outputs)
                + "\n"
                + diagnostics.get());
  }

  /** Per upload partition, the offsets under the highest one seen that have no output. */
  private static Map<Integer, List<Long>> missingOffsets(List<OutputTopics.Output> outputs) {
    Map<Integer, Set<Long>> seen =
        outputs.stream()
            .collect(
                Collectors.groupingBy(
                    OutputTopics.Output::sourcePartition,
                    TreeMap::new,
                    Collectors.mapping(OutputTopics.Output::sourceOffset, Collectors.toSet())));
    Map<Integer, List<Long>> missing = new TreeMap<>();
    seen.forEach(
        (partition, offsets) ->
            missing.put(
                partition,
                LongStream.range(0, Collections.max(offsets))
                    .filter(offset -> !offsets.contains(offset))
                    .boxed()
                    .toList()));
    return missing;
  }
}
