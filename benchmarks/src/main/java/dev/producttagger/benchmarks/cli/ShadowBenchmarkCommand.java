package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.InferenceThroughput;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.runtime.backend.NativeBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code benchmarks shadow}: what a shadow model's extra forward pass costs the tagger. */
@Command(
    name = "shadow",
    mixinStandardHelpOptions = true,
    description =
        "Measure inference images/s of the serving model alone and with a shadow model beside it"
            + " (each batch through both, as the tagger runs them), with 1 ND4J thread as"
            + " bin/tagger runs; write a Markdown table.")
final class ShadowBenchmarkCommand implements Callable<Integer> {

  private static final List<Integer> BATCH_SIZES = List.of(1, 16, 64, 256);
  private static final int THREADS = 1;

  @Spec CommandSpec spec;
  @Mixin BundleOption model;

  @Option(
      names = "--shadow",
      required = true,
      paramLabel = "FILE",
      description = "The shadow model's bundle.")
  Path shadowFile;

  @Mixin TimedCells cells;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/shadow.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    ServingModel serving = model.serving();
    ServingModel candidate = BundleOption.serving(shadowFile);
    PrintWriter console = spec.commandLine().getOut();
    StringBuilder table =
        new StringBuilder(
            "| batch size | serving alone, images/s | serving + shadow, images/s | cost of the"
                + " shadow |\n|---|---|---|---|\n");
    for (int batchSize : BATCH_SIZES) {
      double alone =
          InferenceThroughput.measure(serving, batchSize, THREADS, cells.seconds).imagesPerSecond();
      double both =
          InferenceThroughput.measure(
                  List.of(serving, candidate), batchSize, THREADS, cells.seconds)
              .imagesPerSecond();
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %.0f | %.2fx the time |%n",
              batchSize,
              alone,
              both,
              alone / both));
      console.printf(
          Locale.ROOT, "batch %d: alone %.0f, with shadow %.0f images/s%n", batchSize, alone, both);
      console.flush();
    }
    String report =
        String.format(
            Locale.ROOT,
            """
# The shadow model's forward pass

Measured %s on %s, with `bin/launch benchmarks shadow --model %s --shadow %s --seconds %s`.
Serving %s v%d, shadow %s v%d. Each cell: `ServingModel.predict` on one batch of random 28x28
images (tensor building included), 1 s warm-up then %s s timed, %d ND4J thread as `bin/tagger`
runs; "serving + shadow" sends each batch through both models, as the tagger does when a shadow is
published. The last column is the time per image with the shadow over the time without.

%s
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            model.modelFile,
            shadowFile,
            cells.seconds,
            serving.ref().name(),
            serving.ref().version(),
            candidate.ref().name(),
            candidate.ref().version(),
            cells.seconds,
            THREADS,
            table);
    BenchmarkReports.write(out, report, console);
    return 0;
  }
}
