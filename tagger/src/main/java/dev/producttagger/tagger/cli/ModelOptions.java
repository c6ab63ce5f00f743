package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that serves a model shares: an optional seed bundle and a signing key. */
final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Model bundle to serve until a newer one arrives on the model topic.")
  Path modelFile;

  @Mixin HmacKeyOption hmacKey;

  /** A registry, seeded from --model when given; fails if that bundle is not fit to serve. */
  ModelRegistry registry() throws IOException {
    ModelRegistry registry = ModelRegistry.forFashionMnist(hmacKey.key());
    if (modelFile != null) {
      ModelRegistry.Outcome outcome =
          registry.offer(Files.readAllBytes(modelFile), modelFile.toString());
      if (!outcome.accepted()) {
        throw new IllegalArgumentException(
            "--model " + modelFile + " cannot serve: " + outcome.reason() + " " + outcome.detail());
      }
    }
    return registry;
  }
}
