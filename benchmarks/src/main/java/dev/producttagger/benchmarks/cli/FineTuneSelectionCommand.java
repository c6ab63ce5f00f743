package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.benchmarks.loop.FineTuneSelection;
import dev.producttagger.benchmarks.loop.FineTuneSelection.Candidate;
import dev.producttagger.benchmarks.loop.FineTuneSelection.Result;
import dev.producttagger.benchmarks.loop.FineTuneSelection.Summary;
import dev.producttagger.runtime.backend.NativeBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code benchmarks fine-tune-selection}: fine-tune's recipe chosen on validation data only. */
@Command(
    name = "fine-tune-selection",
    mixinStandardHelpOptions = true,
    description = {
      "Chooses 'trainer fine-tune's recipe as the review loop uses it, on training items only:"
          + " the serving model's low-confidence seller photos of training items become the"
          + " examples, each candidate fine-tunes on them, and each result is measured on"
          + " training items held out of the examples and the replay, as 28x28 images and as"
          + " photos. The test set is never read.",
      "Rule: the best held-out photo accuracy among the candidates whose held-out 28x28"
          + " accuracy falls by at most --max-gray8-drop points; on a tie, the first listed.",
      "Run again with the same --work-dir to resume after an interruption, or to try other base"
          + " weights without training again."
    })
final class FineTuneSelectionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LoopFiles files;

  @Option(
      names = "--example-photos",
      defaultValue = "27000",
      description =
          "Training items photographed; the low-confidence ones become examples"
              + " (default: ${DEFAULT-VALUE}).")
  int examplePhotos;

  @Option(
      names = "--max-examples",
      defaultValue = "3000",
      description = "The most examples kept (default: ${DEFAULT-VALUE}).")
  int maxExamples;

  @Option(
      names = "--validation-items",
      defaultValue = "10000",
      description =
          "Training items held out of the examples and the replay, to measure on"
              + " (default: ${DEFAULT-VALUE}).")
  int validationItems;

  @Option(
      names = "--candidate",
      split = ",",
      paramLabel = "EPOCHS:LR:REPLAY[:AUGMENT[:BASE_WEIGHT[:REPLAY_DISTILLATION[:LAYERS]]]]",
      defaultValue =
          "3:1e-4:4,3:1e-4:8,3:1e-4:16,5:1e-4:8,5:1e-4:16,3:5e-5:8,3:1e-4:8:FLIP,"
              + "3:1e-4:4:-:0.3,3:1e-4:4:-:0.5,3:1e-4:4:-:0.7,"
              + "3:1e-4:8:-:0.3,3:1e-4:8:-:0.5,3:1e-4:8:-:0.7,"
              + "3:1e-4:8:FLIP:0.3,3:1e-4:8:FLIP:0.5,3:1e-4:8:FLIP:0.7",
      description = "The recipes to try, in order (default: ${DEFAULT-VALUE}).")
  List<String> candidates;

  @Option(
      names = "--max-gray8-drop",
      defaultValue = "0.2",
      description =
          "The most points the held-out items' 28x28 accuracy may fall (default:"
              + " ${DEFAULT-VALUE}).")
  double maxGray8Drop;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description =
          "Chooses the items, the photos and the fine-tuning's draws; 7 makes the review loop's"
              + " examples (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/fine-tune-selection.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    FineTuneSelection.Settings settings;
    try {
      settings =
          new FineTuneSelection.Settings(
              files.bundle,
              files.dataset.directory,
              files.workDirectory,
              examplePhotos,
              maxExamples,
              validationItems,
              candidates.stream().map(Candidate::parse).toList(),
              maxGray8Drop,
              seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Summary summary = FineTuneSelection.run(settings, spec.commandLine().getOut());
    BenchmarkReports.write(out, report(summary), spec.commandLine().getOut());
    return summary.chosen().isPresent() ? 0 : 3;
  }

  private String report(Summary summary) {
    PhotoAccuracy base = summary.baseValidation();
    StringBuilder rows = new StringBuilder();
    for (Result result : summary.results()) {
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.4f | %+.2f | %.4f | %+.2f |%s%n",
              result.candidate().spec(),
              result.trainingSeconds() / 60,
              result.validation().gray8Accuracy(),
              100 * (result.validation().gray8Accuracy() - base.gray8Accuracy()),
              result.validation().photoAccuracy(),
              100 * (result.validation().photoAccuracy() - base.photoAccuracy()),
              summary.chosen().filter(result.candidate()::equals).isPresent() ? " chosen" : ""));
    }
    return String.format(
        Locale.ROOT,
        """
# Choosing the fine-tuning recipe on validation data

Measured %s on %s, with `bin/launch benchmarks fine-tune-selection --work-dir DIR --bundle %s \
--example-photos %d --max-examples %d --validation-items %d --max-gray8-drop %s --seed %d \
--candidate %s`.

%s's low-confidence seller photos of %,d training items (%,d examples, as the review loop's reviewer
would decide them) fine-tune it under each recipe below; %,d other training items, never an example and
never replayed, measure each result as 28x28 images and as seller photos. The test set is not read.
The base was refit on every training image, so its 28x28 accuracy on the held-out items is a training
accuracy: its fall measures what fine-tuning forgets.

Rule, fixed before the run: the best held-out photo accuracy among the recipes whose held-out 28x28
accuracy falls by at most %s points; on a tie, the first listed.

Base on the held-out items: 28x28 %.4f, photos %.4f.

| recipe (epochs:learning rate:replay ratio[:augmentation[:base weight[:replay distillation[:tuned layers]]]]) | fine-tuning min | 28x28 | change, points | photos | change, points | |
|---|---|---|---|---|---|---|
%s
Chosen: %s.
""",
        Instant.now(),
        NativeBackend.benchmarkMachine(),
        files.bundle,
        examplePhotos,
        maxExamples,
        validationItems,
        maxGray8Drop,
        seed,
        summary.results().stream()
            .map(result -> result.candidate().spec())
            .collect(Collectors.joining(",")),
        summary.base(),
        examplePhotos,
        summary.examples(),
        summary.validationItems(),
        maxGray8Drop,
        base.gray8Accuracy(),
        base.photoAccuracy(),
        rows,
        summary.chosen().map(Candidate::spec).orElse("none, every recipe forgot too much"));
  }
}
