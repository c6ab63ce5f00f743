package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
        () -> (inputs - perInput.size()) + " inputs have no output\n" + diagnostics.get());
  }
}
