package dev.producttagger.benchmarks.cli;

import picocli.CommandLine.Option;

/** How long the inference benchmarks time each cell of their tables. */
final class TimedCells {

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Timed seconds per cell, after 1 s of warm-up (default: ${DEFAULT-VALUE}).")
  double seconds;
}
