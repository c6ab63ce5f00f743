package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.TrainingThroughput;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.trainer.model.Architecture;
import java.io.PrintWriter;
import java.nio.file.Files;
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

/** {@code benchmarks training}: training images/s by architecture, batch size and threads. */
@Command(
    name = "training",
    mixinStandardHelpOptions = true,
    description =
        "Measure training images/s of each architecture for batch sizes 32-256 with 1 and 2 ND4J"
            + " threads; write a Markdown table.")
final class TrainingBenchmarkCommand implements Callable<Integer> {

  private static final List<Integer> BATCH_SIZES = List.of(32, 64, 128, 256);
  private static final List<Integer> THREADS = List.of(1, 2);

  @Spec CommandSpec spec;

  @Mixin DatasetOption dataset;

  @Option(
      names = "--architecture",
      split = ",",
      defaultValue = "PAPER_DROPOUT,BATCHNORM_CNN",
      description = "Architectures to measure (default: ${DEFAULT-VALUE}).")
  List<Architecture> architectures;

  @Option(
      names = "--images",
      defaultValue = "3072",
      description =
          "Timed training images per cell, after 512 of warm-up (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks/training.md",
      description = "Result file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    LabelledImages train = FashionMnist.loadTrain(dataset.directory);
    PrintWriter console = spec.commandLine().getOut();
    StringBuilder table =
        new StringBuilder(
            "| architecture | batch size | 1 thread (images/s) | 2 threads (images/s) |\n"
                + "|---|---|---|---|\n");
    for (Architecture architecture : architectures) {
      for (int batchSize : BATCH_SIZES) {
        table.append("| ").append(architecture.id()).append(" | ").append(batchSize);
        for (int threads : THREADS) {
          TrainingThroughput result =
              TrainingThroughput.measure(architecture, train, batchSize, threads, 512, images);
          table.append(String.format(Locale.ROOT, " | %.0f", result.imagesPerSecond()));
          console.printf(
              Locale.ROOT,
              "%s batch %d, %d thread(s): %.0f images/s%n",
              architecture.id(),
              batchSize,
              threads,
              result.imagesPerSecond());
          console.flush();
        }
        table.append(" |\n");
      }
    }
    String report =
        String.format(
            Locale.ROOT,
            """
# Training throughput

Measured %s on %s, with `bin/launch benchmarks training --images %d`.
Each cell: a fresh network trained with the trainer's own minibatch pipeline and `fit`
(Adam, no augmentation) on 512 images of warm-up, then %d timed images; threads set with
ND4J's `Environment.setMaxThreads`. Validation and checkpoints, which a real epoch adds,
are not included.

%s
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            images,
            images,
            table);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, report);
    console.print(report);
    console.flush();
    return 0;
  }
}
