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
    return serving(modelFile);
  }

  /** The bundle in {@code file} as the tagger serves it. */
  static ServingModel serving(Path file) throws IOException, ModelRejectedException {
    return serving(read(file));
  }

  /** A bundle already read, as the tagger serves it. */
  static ServingModel serving(ModelBundle bundle) throws ModelRejectedException {
    return new ModelLoader(FashionCategories.NAMES).load(bundle);
  }

  /** The bundle as the tagger serves it, but with every batch on DL4J: what the BLAS pass buys. */
  ServingModel servingWithoutSmallBatchPass() throws IOException, ModelRejectedException {
    return new ModelLoader(FashionCategories.NAMES).withoutSmallBatchPass().load(read(modelFile));
  }

  /** The bundle served as stored, channels first: to measure what the channels-last twin buys. */
  ServingModel channelsFirst() throws IOException, ModelRejectedException {
    return new ModelLoader(FashionCategories.NAMES).channelsFirstOnly().load(read(modelFile));
  }

  private static ModelBundle read(Path file) throws IOException {
    return ModelBundle.read(file, ModelTopic.LIMITS, Optional.empty());
  }
}
