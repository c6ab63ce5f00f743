package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.benchmarks.loop.ReviewLoop;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.ReadLimits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code benchmarks review-loop}: the review loop end to end, with its figures. */
@Command(
    name = "review-loop",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the review loop on an embedded broker: seller photos of Fashion-MNIST training items"
          + " are tagged, a simulated reviewer answers the review requests with the true labels,"
          + " the serving model is fine-tuned on the decisions, published as the shadow, judged"
          + " on further decided photos it never saw, and promoted if it wins.",
      "Prints photo accuracy before and after on seller photos of test items, and the tuned"
          + " model's gray8 test accuracy."
    })
final class ReviewLoopCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LoopFiles files;

  @Option(
      names = "--photos",
      defaultValue = "12000",
      description = "Training-item photos uploaded before fine-tuning (default: ${DEFAULT-VALUE}).")
  int trainingPhotos;

  @Option(
      names = "--max-decisions",
      defaultValue = "3000",
      description =
          "Review requests the reviewer answers before fine-tuning (default: ${DEFAULT-VALUE}).")
  int maxDecisions;

  @Option(
      names = "--decisions-per-second",
      defaultValue = "0",
      description = "The reviewer's pace; 0 as fast as it can (default: ${DEFAULT-VALUE}).")
  double decisionsPerSecond;

  @Option(
      names = "--shadow-photos",
      defaultValue = "4000",
      description =
          "Training-item photos uploaded while the tuned model is in shadow; their decisions judge"
              + " the promotion (default: ${DEFAULT-VALUE}).")
  int shadowPhotos;

  @Option(
      names = "--evaluation-photos",
      defaultValue = "10000",
      description =
          "Test items photographed to measure before and after (default: ${DEFAULT-VALUE}).")
  int evaluationPhotos;

  @Option(
      names = "--fine-tune",
      split = " ",
      paramLabel = "OPTION",
      description =
          "Options passed to 'trainer fine-tune', such as --fine-tune='--epochs 3 --replay-ratio"
              + " 4'.")
  List<String> fineTuneOptions = new ArrayList<>();

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Chooses the items and the photos (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--summary-json",
      paramLabel = "FILE",
      description = "Also write the summary as JSON.")
  Path summaryJson;

  @Override
  public Integer call() throws Exception {
    for (int count : List.of(trainingPhotos, maxDecisions, shadowPhotos, evaluationPhotos)) {
      if (count < 1) {
        throw new ParameterException(
            spec.commandLine(), "photo and decision counts must be at least 1, got " + count);
      }
    }
    if (trainingPhotos + shadowPhotos > 60_000) {
      throw new ParameterException(
          spec.commandLine(), "--photos and --shadow-photos take at most 60,000 training items");
    }
    PrintWriter console = spec.commandLine().getOut();
    ReviewLoop.Summary summary =
        ReviewLoop.run(
            new ReviewLoop.Settings(
                files.bundle,
                files.dataset.directory,
                files.workDirectory,
                trainingPhotos,
                maxDecisions,
                decisionsPerSecond,
                shadowPhotos,
                evaluationPhotos,
                fineTuneOptions,
                seed),
            console);
    print(console, summary);
    if (summaryJson != null) {
      Files.write(summaryJson, new JsonCodec(ReadLimits.TEXT_ONLY).write(summary));
    }
    return summary.promoted() ? 0 : 3;
  }

  private static void print(PrintWriter console, ReviewLoop.Summary summary) {
    PhotoAccuracy before = summary.before();
    PhotoAccuracy after = summary.after();
    console.printf(
        Locale.ROOT,
        """
        Summary
          uploads          %,d seller photos of training items, %,d sent to review
          decided          %,d before fine-tuning, %,d while in shadow
          fine-tuning      %.1f min, %s from %s
          promotion        %s
          photo accuracy   %.4f before, %.4f after (%,d photos of test items)
          gray8 test       %.4f before, %.4f after
          photo gap        %.2f points before, %.2f after (gray8 test minus photo)
          loop             %.1f min
        """,
        summary.uploads(),
        summary.reviewRequests(),
        summary.decisions(),
        summary.shadowDecisions(),
        summary.fineTuneSeconds() / 60,
        summary.tuned(),
        summary.serving(),
        summary.promoted() ? "promoted" : "refused",
        before.photoAccuracy(),
        after.photoAccuracy(),
        before.items(),
        before.gray8Accuracy(),
        after.gray8Accuracy(),
        100 * (before.gray8Accuracy() - before.photoAccuracy()),
        100 * (after.gray8Accuracy() - after.photoAccuracy()),
        summary.seconds() / 60);
    console.flush();
  }
}
