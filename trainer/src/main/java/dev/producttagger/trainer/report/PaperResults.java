package dev.producttagger.trainer.report;

import dev.producttagger.trainer.model.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers the paper "Fashion-MNIST image classification using CNNs" reports, for comparison
 * with our runs of its two architectures. Only its overall accuracies: its per-class table could
 * not be found in a source we can cite, so the report does not pretend to compare against it.
 */
public final class PaperResults {

  /** The baseline's training accuracy at the end of training: it overfits. */
  public static final double BASELINE_TRAIN_ACCURACY = 0.995;

  /** The baseline's validation accuracy at the end of training. */
  public static final double BASELINE_VALIDATION_ACCURACY = 0.915;

  /** The dropout model's accuracy on the 10,000 test images. */
  public static final double DROPOUT_TEST_ACCURACY = 0.9256;

  /** One of our numbers beside the paper's; {@code difference} is ours minus the paper's. */
  public record Comparison(
      String run, String metric, double paper, double ours, double difference) {
    static Comparison of(String run, String metric, double paper, double ours) {
      return new Comparison(run, metric, paper, ours, ours - paper);
    }
  }

  private PaperResults() {}

  /** The comparisons a run supports: none unless it trained one of the paper's architectures. */
  public static List<Comparison> compare(ReportedRun run) {
    List<Comparison> comparisons = new ArrayList<>();
    Architecture architecture = run.history().config().architecture();
    if (architecture == Architecture.PAPER_BASELINE) {
      comparisons.add(
          Comparison.of(
              run.name(),
              "training accuracy, last epoch",
              BASELINE_TRAIN_ACCURACY,
              run.lastEpoch().trainAccuracy()));
      if (run.lastEpoch().validated()) {
        comparisons.add(
            Comparison.of(
                run.name(),
                "validation accuracy, last epoch",
                BASELINE_VALIDATION_ACCURACY,
                run.lastEpoch().validationAccuracy()));
      }
    } else if (architecture == Architecture.PAPER_DROPOUT) {
      run.testEvaluation()
          .ifPresent(
              test ->
                  comparisons.add(
                      Comparison.of(
                          run.name(), "test accuracy", DROPOUT_TEST_ACCURACY, test.accuracy())));
    }
    return comparisons;
  }
}
