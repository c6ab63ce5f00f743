package dev.producttagger.benchmarks.cli;

import dev.producttagger.benchmarks.harness.TrainingThroughput;
import dev.producttagger.benchmarks.harness.TrainingThroughput.Layout;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.TrainingEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

/** {@code benchmarks training}: training images/s by architecture, batch size and threads. */
@Command(
    name = "training",
    mixinStandardHelpOptions = true,
    description =
        "Measure training images/s of each architecture for batch sizes 32-256 with 1 and 2 ND4J"
            + " threads, channels first (as the trainer trains) and channels last; write a Markdown"
            + " table.")
final class TrainingBenchmarkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatasetOption dataset;

  @Option(
      names = "--architecture",
      split = ",",
      defaultValue = "PAPER_BASELINE,PAPER_DROPOUT,BATCHNORM_VGG",
      description = "Architectures to measure (default: ${DEFAULT-VALUE}).")
  List<Architecture> architectures;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "32,64,128,256",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,2",
      description = "ND4J thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threadCounts;

  @Option(
      names = "--replicas",
      split = ",",
      defaultValue = "1",
      description =
          "Copies of the network sharing each minibatch, as 'trainer train --replicas' trains"
              + " (default: ${DEFAULT-VALUE}).")
  List<Integer> replicaCounts;

  @Option(
      names = "--layouts",
      split = ",",
      defaultValue = "CHANNELS_FIRST,CHANNELS_LAST",
      description =
          "Image layouts: CHANNELS_FIRST as the trainer trains, CHANNELS_LAST the twin the tagger"
              + " serves (default: ${DEFAULT-VALUE}).")
  List<Layout> layouts;

  @Option(
      names = "--engines",
      split = ",",
      defaultValue = "DL4J",
      description =
          "What computes each step: DL4J's fit; SAMEDIFF, the trainer's --engine SAMEDIFF in the"
              + " cell's layout; or BLAS, the trainer's --engine BLAS, which computes channels last"
              + " only, so it has no channels-first cells (default: ${DEFAULT-VALUE}).")
  List<TrainingEngine> engines;

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
    atLeastOne("--batch-sizes", batchSizes);
    atLeastOne("--threads", threadCounts);
    atLeastOne("--replicas", replicaCounts);
    atLeastOne("--images", List.of(images));
    List<Cell> cells = new ArrayList<>();
    for (TrainingEngine engine : engines) {
      for (Layout layout : layouts) {
        if (engine == TrainingEngine.BLAS && layout == Layout.CHANNELS_FIRST) {
          continue;
        }
        for (int threads : threadCounts) {
          for (int replicas : replicaCounts) {
            cells.add(new Cell(engine, threads, replicas, layout));
          }
        }
      }
    }
    if (cells.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "nothing to measure: --engines BLAS computes channels last only; add CHANNELS_LAST to"
              + " --layouts");
    }
    LabelledImages train = FashionMnist.loadTrain(dataset.directory);
    PrintWriter console = spec.commandLine().getOut();
    StringBuilder table = new StringBuilder("| architecture | batch size |");
    cells.forEach(cell -> table.append(' ').append(cell.name()).append(" (images/s) |"));
    table.append("\n|---|---|").append("---|".repeat(cells.size())).append('\n');
    for (Architecture architecture : architectures) {
      for (int batchSize : batchSizes) {
        table.append("| ").append(architecture.id()).append(" | ").append(batchSize);
        for (Cell cell : cells) {
          TrainingThroughput result =
              TrainingThroughput.measure(
                  architecture,
                  train,
                  batchSize,
                  cell.threads(),
                  cell.replicas(),
                  cell.layout(),
                  cell.engine(),
                  512,
                  images);
          table.append(String.format(Locale.ROOT, " | %.0f", result.imagesPerSecond()));
          console.printf(
              Locale.ROOT,
              "%s batch %d, %s: %.0f images/s%n",
              architecture.id(),
              batchSize,
              cell.name(),
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

Measured %s on %s, with `bin/launch benchmarks training --architecture %s --batch-sizes %s --threads %s --replicas %s --layouts %s --engines %s --images %d`.
Each cell: a fresh network trained with the trainer's own minibatch pipeline and `fit`
(Adam, no augmentation) on 512 images of warm-up, then %d timed images; threads set with
ND4J's `Environment.setMaxThreads` (oneDNN's own threads follow OMP_NUM_THREADS); with
replicas, that many copies of the network each train an equal part of every minibatch on a
thread of their own. Validation and checkpoints, which a real epoch adds,
are not included. The trainer trains channels first ([n, 1, 28, 28] images); channels last
trains the same network's [n, 28, 28, 1] twin (`ChannelsLast`, the layout the tagger serves),
for comparison. SameDiff columns train the same channels-first network with the trainer's
`--engine SAMEDIFF` (`SameDiffStep`: its layers as one SameDiff graph computing in the column's
layout, the step taken by the network's own updater; with replicas, that many graphs), on the
same minibatches. BLAS columns train it with the trainer's `--engine BLAS` (`BlasStep`: each
convolution and dense layer as OpenBLAS matrix products, the rest in plain Java, channels last,
the step taken by the network's own updater; with replicas, that many copies on as many threads;
OpenBLAS' own thread count set to the cell's).

%s
""",
            Instant.now(),
            NativeBackend.benchmarkMachine(),
            joined(architectures),
            joined(batchSizes),
            joined(threadCounts),
            joined(replicaCounts),
            joined(layouts),
            joined(engines),
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

  private void atLeastOne(String option, List<Integer> values) {
    for (int value : values) {
      if (value < 1) {
        throw new ParameterException(
            spec.commandLine(), option + " must be at least 1, not " + value);
      }
    }
  }

  /** One column of the table: how each network is trained. */
  private record Cell(TrainingEngine engine, int threads, int replicas, Layout layout) {

    /**
     * Such as "1 thread, channels first", "1 thread, 2 replicas, channels first" or "SameDiff, 1
     * thread, channels last".
     */
    String name() {
      return (switch (engine) {
            case SAMEDIFF -> "SameDiff, ";
            case BLAS -> "BLAS, ";
            case DL4J -> "";
          })
          + (threads == 1 ? "1 thread" : threads + " threads")
          + (replicas == 1 ? "" : ", " + replicas + " replicas")
          + ", "
          + layout.label();
    }
  }

  private static String joined(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
