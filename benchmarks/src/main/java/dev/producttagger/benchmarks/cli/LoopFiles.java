package dev.producttagger.benchmarks.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The serving model, the dataset and the working directory of the review-loop commands. */
final class LoopFiles {

  @Option(
      names = "--bundle",
      defaultValue = "${sys:producttagger.home:-.}/models/paper-dropout.bundle",
      description = "The serving model to start from (default: ${DEFAULT-VALUE}).")
  Path bundle;

  @Mixin DatasetOption dataset;

  @Option(
      names = "--work-dir",
      required = true,
      description = "Where the command keeps what it makes: state, fine-tuning runs, bundles.")
  Path workDirectory;
}
