package dev.producttagger.tagger.cli;

import dev.producttagger.nativebackend.NativeBackend;
import dev.producttagger.tagger.bench.InferenceThroughput;
import dev.producttagger.tagger.inference.ServingModel;
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

/**
 * {@code tagger benchmark-inference}: images/s of the serving path by batch size and ND4J threads.
 */
@Command(
    name = "benchmark-inference",
    mixinStandardHelpOptions = true,
    description =
        "Measure inference images/s for batch sizes 1-256 with 1 and 2 ND4J threads; write a"
            + " Markdown table.")
final class InferenceBenchmarkCommand implements Callable<Integer> {

  private static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 64, 128, 256);
  private static final List<Integer> THREADS = List.of(1, 2);

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Timed seconds per cell, after 1 s of warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/inference.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (model.modelFile == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "benchmark-inference needs --model FILE");
    }
    ServingModel serving = model.registry().current().orElseThrow();
    PrintWriter console = spec.commandLine().getOut();
    StringBuilder table =
        new StringBuilder(
            "| batch size | 1 thread (images/s) | 2 threads (images/s) |\n|---|---|---|\n");
    for (int batchSize : BATCH_SIZES) {
      table.append("| ").append(batchSize);
      for (int threads : THREADS) {
        InferenceThroughput result =
            InferenceThroughput.measure(serving, batchSize, threads, seconds);
        table.append(String.format(Locale.ROOT, " | %.0f", result.imagesPerSecond()));
        console.printf(
            Locale.ROOT,
            "batch %d, %d thread(s): %.0f images/s%n",
            batchSize,
            threads,
            result.imagesPerSecond());
        console.flush();
      }
      table.append(" |\n");
    }
    String report =
        String.format(
            Locale.ROOT,
            """
# Inference throughput

Measured %s on %s, with `bin/tagger benchmark-inference --model %s --seconds %s`.
Model: %s v%d (%s, %d parameters). Each cell: `ServingModel.predict` on one batch of random 28x28 images,
tensor building included, 1 s warm-up then %s s timed; threads set with ND4J's `Environment.setMaxThreads`.

%s
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            model.modelFile,
            seconds,
            serving.ref().name(),
            serving.ref().version(),
            serving.manifest().architecture(),
            serving.manifest().parameterCount(),
            seconds,
            table);
    BenchmarkReports.write(out, report, console);
    return 0;
  }
}
