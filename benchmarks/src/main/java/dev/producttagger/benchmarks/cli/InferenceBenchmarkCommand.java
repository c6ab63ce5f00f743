package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.InferenceThroughput;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.runtime.backend.NativeBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code benchmarks inference}: images/s of the serving path by batch size and ND4J threads. */
@Command(
    name = "inference",
    mixinStandardHelpOptions = true,
    description =
        "Measure inference images/s for batch sizes 1-256 with 1 and 2 ND4J threads, channels"
            + " first and last; write a Markdown table.")
final class InferenceBenchmarkCommand implements Callable<Integer> {

  private static final List<Integer> BATCH_SIZES = List.of(1, 2, 4, 8, 32, 64, 128, 256);
  private static final List<Integer> THREADS = List.of(1, 2);

  @Spec CommandSpec spec;
  @Mixin BundleOption model;

  @Mixin TimedCells cells;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/inference.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  private static String threadsLabel(int threads) {
    return threads == 1 ? "1 thread" : threads + " threads";
  }

  @Override
  public Integer call() throws Exception {
    ServingModel serving = model.serving();
    Map<String, ServingModel> layouts = new LinkedHashMap<>();
    layouts.put("channels first", model.channelsFirst());
    layouts.put(serving.isChannelsLast() ? "channels last" : "as served", serving);
    if (serving.predictor().hasSmallBatchPass()) {
      layouts.put("channels last, DL4J only", model.servingWithoutSmallBatchPass());
    }
    PrintWriter console = spec.commandLine().getOut();
    StringBuilder table = new StringBuilder("| batch size");
    for (int threads : THREADS) {
      layouts
          .keySet()
          .forEach(
              layout ->
                  table.append(" | ").append(threadsLabel(threads)).append(", ").append(layout));
    }
    for (int threads : THREADS) {
      table.append(" | last / first, ").append(threadsLabel(threads));
    }
    table
        .append(" |\n|---")
        .append("|---".repeat(THREADS.size() * (layouts.size() + 1)))
        .append("|\n");
    for (int batchSize : BATCH_SIZES) {
      table.append("| ").append(batchSize);
      List<Double> ratios = new ArrayList<>();
      for (int threads : THREADS) {
        List<Double> rates = new ArrayList<>();
        for (Map.Entry<String, ServingModel> layout : layouts.entrySet()) {
          InferenceThroughput result =
              InferenceThroughput.measure(layout.getValue(), batchSize, threads, cells.seconds);
          rates.add(result.imagesPerSecond());
          table.append(String.format(Locale.ROOT, " | %.0f", result.imagesPerSecond()));
          console.printf(
              Locale.ROOT,
              "batch %d, %s, %s: %.0f images/s%n",
              batchSize,
              threadsLabel(threads),
              layout.getKey(),
              result.imagesPerSecond());
          console.flush();
        }
        ratios.add(rates.get(1) / rates.get(0));
      }
      ratios.forEach(ratio -> table.append(String.format(Locale.ROOT, " | %.2fx", ratio)));
      table.append(" |\n");
    }
    String report =
        String.format(
            Locale.ROOT,
            """
# Inference throughput

Measured %s on %s, with `bin/launch benchmarks inference --model %s --seconds %s`.
Model: %s v%d (%s, %d parameters). Each cell: `ServingModel.predict` on one batch of random 28x28 images,
tensor building included, 1 s warm-up then %s s timed; threads set with ND4J's `Environment.setMaxThreads`
and OpenBLAS' own setting.
"Channels first" is the network as its bundle stores it ([n, 1, 28, 28] images); "channels last" is
the [n, 28, 28, 1] twin the tagger serves (`ChannelsLast`: oneDNN pools and normalises channels-first
data with reference kernels); the last columns are the ratio of the two at each thread count.
The tagger runs batches of up to %d images on its BLAS forward pass (`BlasForwardPass`, one OpenBLAS
matrix product per convolution and dense layer); "DL4J only" is the same twin with every batch on
DL4J, where that pass exists.

%s
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            model.modelFile,
            cells.seconds,
            serving.ref().name(),
            serving.ref().version(),
            serving.manifest().architecture(),
            serving.manifest().parameterCount(),
            cells.seconds,
            Predictor.SMALL_BATCH_LIMIT,
            table);
    BenchmarkReports.write(out, report, console);
    return 0;
  }
}
