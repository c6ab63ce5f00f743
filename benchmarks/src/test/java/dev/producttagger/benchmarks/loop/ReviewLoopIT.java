package dev.producttagger.benchmarks.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review loop at a small size on the embedded broker, the whole way: tagged photos, a
 * reviewer's decisions, fine-tuning on them, the tuned model in shadow judged on decisions it never
 * saw, and photo accuracy before and after. The figures at this size mean nothing; that each step
 * happened on the real pieces does.
 */
class ReviewLoopIT {

  @TempDir Path work;

  @Test
  void runsTheWholeLoopAtASmallSize() throws Exception {
    StringWriter console = new StringWriter();
    ReviewLoop.Summary summary =
        ReviewLoop.run(
            new ReviewLoop.Settings(
                Path.of("..", "models", "paper-dropout.bundle"),
                Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")),
                work,
                600,
                40,
                0,
                500,
                200,
                List.of("--epochs", "1", "--replay-ratio", "1"),
                11),
            new PrintWriter(console, true));

    assertEquals(1_100, summary.uploads());
    assertTrue(summary.reviewRequests() > 0, console.toString());
    assertTrue(summary.decisions() > 0 && summary.decisions() <= 40, console.toString());
    assertTrue(summary.shadowDecisions() > 0, "decisions the shadow never trained on");
    assertEquals("paper-dropout v6", summary.serving());
    assertEquals("reviewed v7", summary.tuned());
    assertTrue(
        summary.promotion().stream().anyMatch(line -> line.contains("95% interval")),
        summary.promotion().toString());
    assertEquals(200, summary.before().items());
    assertTrue(summary.after().photoAccuracy() > 0.5, "the tuned model still classifies photos");
    assertTrue(summary.tunedTestAccuracy() > 0.8, "and 28x28 images");
  }
}
