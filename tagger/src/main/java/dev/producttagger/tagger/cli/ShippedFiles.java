package dev.producttagger.tagger.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The repository's shipped model and dataset, for commands that run the product on their own (demo,
 * end-to-end benchmark). Defaults resolve against the project root that {@code bin/launch} passes
 * as {@code producttagger.home}.
 */
final class ShippedFiles {

  @Option(
      names = "--bundle",
      defaultValue = "${sys:producttagger.home:-.}/models/paper-dropout.bundle",
      paramLabel = "FILE",
      description = "Model bundle to publish to the model topic (default: ${DEFAULT-VALUE}).")
  Path bundle;

  @Option(
      names = "--fashion-mnist",
      defaultValue = "${sys:producttagger.home:-.}/data/fashion-mnist",
      paramLabel = "DIR",
      description = "Directory with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
  Path fashionMnist;
}
