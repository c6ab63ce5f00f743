package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The repository's shipped model and dataset, for commands that run the product on their own (demo,
 * end-to-end benchmark). Defaults resolve against the project root that {@code bin/launch} passes
 * as {@code producttagger.home}.
 */
public final class ShippedFiles {

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

  public Path bundleFile() {
    return bundle;
  }

  public Path fashionMnist() {
    return fashionMnist;
  }

  /** The --bundle file, checked as a tagger would check it (signature aside). */
  public ValidatedBundle bundle() throws IOException {
    return ValidatedBundle.read(bundle, ModelTopic.LIMITS, Optional.empty());
  }
}
