package dev.producttagger.trainer.cli;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.trainer.bundle.BundleExporter;
import dev.producttagger.trainer.bundle.BundleIdentity;
import dev.producttagger.trainer.bundle.ReviewThreshold;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.eval.Predictions;
import dev.producttagger.trainer.io.AtomicFiles;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingHistory;
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
          + " images only measure the model; they choose nothing."
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
      description = "A run directory written by 'trainer train'.")
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

  @Mixin private SigningKeyOption signingKey;

  @Mixin private EvaluationOptions testData;

  @Override
  public Integer call() throws Exception {
    BundleIdentity identity = identity();
    Optional<byte[]> key = signingKey.key();
    RunDirectory run = new RunDirectory(runDirectory);
    MultiLayerNetwork network = run.loadBestModel();
    TrainingHistory history = run.readHistory();

    Evaluation test =
        Evaluator.evaluate(
            network,
            FashionMnist.loadTest(testData.dataDirectory),
            testData.batchSize,
            testData.mode());
    Json.write(run.evaluationFile(), test);
    StratifiedSplit split = testData.split(history);
    Predictions validation =
        Evaluator.predict(network, split.heldOut(), testData.batchSize, testData.mode());
    OptionalDouble threshold = ReviewThreshold.choose(validation, split.heldOut());

    ModelBundle bundle =
        BundleExporter.export(
            network,
            history,
            test,
            new BundleExporter.Validation(validation.accuracy(split.heldOut()), threshold),
            identity);
    byte[] bytes = bundle.toBytes(key);
    AtomicFiles.replace(out, bytes);

    PrintWriter console = spec.commandLine().getOut();
    console.println(test.table());
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

  private BundleIdentity identity() {
    try {
      return new BundleIdentity(
          name, version, Instant.now().truncatedTo(ChronoUnit.SECONDS), TrainerCli.version());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
