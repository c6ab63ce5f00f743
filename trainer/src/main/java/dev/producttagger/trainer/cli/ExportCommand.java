package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.trainer.bundle.BundleExporter;
import dev.producttagger.trainer.bundle.BundleIdentity;
import dev.producttagger.trainer.bundle.ReviewThreshold;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.eval.Predictions;
import dev.producttagger.trainer.finetune.FineTuning;
import dev.producttagger.trainer.io.AtomicFiles;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    description = {
      "Writes a run's best model as a model bundle for the tagger.",
      "Evaluates the model on the 10,000 test images (also writing evaluation.json into the run"
          + " directory, as 'evaluate' does) and chooses the review threshold on the run's own"
          + " validation split, predicting as the bundle will: the lowest confidence from 0.50 to"
          + " 0.99 at which at least 97%% of the validation images are tagged right. The test"
          + " images only measure the model; they choose nothing.",
      "A run trained with --refit holds no validation images: give its threshold with"
          + " --review-threshold. A fine-tuning run holds none either: it keeps its base bundle's"
          + " threshold unless given another."
    })
final class ExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** Only --help: --version here is the bundle's version, not the program's. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Option(
      names = "--run-dir",
      required = true,
      description = "A run directory written by 'trainer train' or 'trainer fine-tune'.")
  private Path runDirectory;

  @Option(
      names = "--name",
      required = true,
      description = "The model's name, also its key on the model topic.")
  private String name;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "N",
      description =
          "The bundle's version, at least 1; 'trainer publish --version auto' can renumber it.")
  private long version;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the bundle.")
  private Path out;

  @Option(
      names = "--review-threshold",
      paramLabel = "FRACTION",
      description =
          "Only for a run trained with --refit, which holds no validation images to choose the"
              + " review threshold on: the threshold to record, the one chosen on validation for"
              + " the same recipe's run. A fine-tuning run records its base bundle's unless given"
              + " this.")
  private Double reviewThreshold;

  @Mixin private SigningKeyOption signingKey;

  @Mixin private EvaluationOptions testData;

  @Override
  public Integer call() throws Exception {
    BundleIdentity identity = identity();
    Optional<byte[]> key = signingKey.key();
    RunDirectory run = new RunDirectory(runDirectory);
    MultiLayerNetwork network = run.loadBestModel();
    TrainingHistory history = run.readHistory();
    checkReviewThreshold(history);

    Predictor predictor = testData.predictor(network);
    Evaluation test =
        Evaluator.evaluate(
            predictor, FashionMnist.loadTest(testData.dataDirectory), testData.batchSize);
    Json.write(run.evaluationFile(), test);
    BundleExporter.Validation validation = validation(predictor, history);
    ModelBundle bundle = BundleExporter.export(network, history, test, validation, identity);
    byte[] bytes = bundle.toBytes(key);
    AtomicFiles.replace(out, bytes);

    PrintWriter console = spec.commandLine().getOut();
    console.println(test.table());
    OptionalDouble threshold = validation.reviewThreshold();
    if (history.config().refit()) {
      console.printf(
          Locale.ROOT,
          reviewThreshold != null
              ? "review threshold %.2f as given (a refit has no validation split)%n"
              : "review threshold %.2f, the base bundle's (a fine-tuning run has no validation"
                  + " split)%n",
          threshold.getAsDouble());
    } else {
      console.println(
          threshold.isPresent()
              ? String.format(
                  Locale.ROOT,
                  "review threshold %.2f (validation accuracy at or above it >= %d%%)",
                  threshold.getAsDouble(),
                  ReviewThreshold.REQUIRED_ACCURACY_PERCENT)
              : "no review threshold: no confidence from 0.50 to 0.99 reaches "
                  + ReviewThreshold.REQUIRED_ACCURACY_PERCENT
                  + "% validation accuracy");
    }
    console.printf(
        Locale.ROOT,
        "wrote %s version %d (%s, %,d parameters, %,d bytes) to %s%n",
        identity.name(),
        identity.version(),
        bundle.manifest().architecture(),
        bundle.manifest().parameterCount(),
        bytes.length,
        out);
    return 0;
  }

  /**
   * Accuracy and review threshold on the run's validation split, or for a refit, which has none,
   * the threshold given.
   */
  private BundleExporter.Validation validation(Predictor predictor, TrainingHistory history)
      throws IOException {
    if (history.config().refit()) {
      return new BundleExporter.Validation(
          OptionalDouble.empty(), OptionalDouble.of(givenOrBaseThreshold(history)));
    }
    StratifiedSplit split = testData.split(history);
    Predictions predictions = Evaluator.predict(predictor, split.heldOut(), testData.batchSize);
    return new BundleExporter.Validation(
        OptionalDouble.of(predictions.accuracy(split.heldOut())),
        ReviewThreshold.choose(predictions, split.heldOut()));
  }

  /**
   * The threshold given, or for a fine-tuning run, its base bundle's; null when there is neither.
   */
  private Double givenOrBaseThreshold(TrainingHistory history) {
    FineTuning fineTuning = history.config().fineTuning();
    return reviewThreshold != null || fineTuning == null
        ? reviewThreshold
        : fineTuning.base().reviewThreshold();
  }

  /** Refuses a threshold the run would choose itself, or a refit without one, before evaluating. */
  private void checkReviewThreshold(TrainingHistory history) {
    if (history.config().fineTuning() != null && givenOrBaseThreshold(history) == null) {
      throw new ParameterException(
          spec.commandLine(),
          "the fine-tuning run holds no validation images to choose the review threshold on, and"
              + " its base bundle records none: give --review-threshold");
    }
    if (history.config().refit() && givenOrBaseThreshold(history) == null) {
      throw new ParameterException(
          spec.commandLine(),
          "the run was trained with --refit and holds no validation images to choose the review"
              + " threshold on: give --review-threshold, the one chosen on validation for the same"
              + " recipe's run");
    }
    if (!history.config().refit() && reviewThreshold != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--review-threshold is only for runs trained with --refit: this run chooses its own on"
              + " its validation split");
    }
    if (reviewThreshold != null && !(reviewThreshold >= 0 && reviewThreshold <= 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "--review-threshold must be a confidence in [0, 1], not " + reviewThreshold);
    }
  }

  private BundleIdentity identity() {
    try {
      return new BundleIdentity(
          name, version, Instant.now().truncatedTo(ChronoUnit.SECONDS), TrainerCli.version());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
