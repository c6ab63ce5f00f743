package dev.producttagger.benchmarks.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a benchmark reads Fashion-MNIST: the project's own copy unless told otherwise. */
final class DatasetOption {

  @Option(
      names = "--data-dir",
      defaultValue = "${sys:producttagger.home:-.}/data/fashion-mnist",
      description = "Directory with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
  Path directory;
}
