package dev.producttagger.trainer.progress;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageProgressTest {

  /** Longer than the test: lines come only from the start and the end. */
  private static final int AN_HOUR = 3_600_000;

  @Test
  void withoutATerminalTheFinalStateIsLoggedOnceWithTheTaskCountAndMessage() {
    List<String> lines = new ArrayList<>();

    try (ImageProgress progress =
        ImageProgress.toLines("teacher tiny v1", 1000, lines::add, AN_HOUR)) {
      progress.advance(400);
      progress.advance(600, " loss 0.5000 acc 0.9000");
    }

    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("teacher tiny v1 100%"), last);
    assertTrue(last.contains("1000/1000 img"), last);
    assertTrue(last.endsWith(" loss 0.5000 acc 0.9000"), last);
    // The bar renders its final state twice on close: the log gets it once. (Its first render is
    // asynchronous and may land after the last step, as a line of its own with another speed.)
    for (int i = 1; i < lines.size(); i++) {
      assertNotEquals(lines.get(i - 1), lines.get(i), "a repeated line");
    }
  }
}
