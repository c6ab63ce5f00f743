package dev.producttagger.benchmarks.cli;

import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The bundle a benchmark measures, loaded by the model runtime exactly as the tagger serves it. */
final class BundleOption {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description = "The model bundle to measure.")
  Path modelFile;

  /** The bundle as the tagger serves it, in its fastest layout. */
  ServingModel serving() throws IOException, ModelRejectedException {
    return new ModelLoader(FashionCategories.NAMES).load(read());
  }

  /** The bundle served as stored, channels first: to measure what the channels-last twin buys. */
  ServingModel channelsFirst() throws IOException, ModelRejectedException {
    return new ModelLoader(FashionCategories.NAMES).channelsFirstOnly().load(read());
  }

  private ModelBundle read() throws IOException {
    return ModelBundle.read(modelFile, ModelTopic.LIMITS, Optional.empty());
  }
}
