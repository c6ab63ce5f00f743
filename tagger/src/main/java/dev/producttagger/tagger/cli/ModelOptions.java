package dev.producttagger.tagger.cli;

import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.modeltopic.ModelTopic;
import dev.producttagger.tagger.inference.ModelLoader;
import dev.producttagger.tagger.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command that serves a model shares: an optional seed bundle and a signing key. */
final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Model bundle to serve until a newer one arrives on the model topic.")
  Path modelFile;

  @Option(
      names = "--hmac-key-file",
      paramLabel = "FILE",
      description = "Accept only bundles signed with the HMAC-SHA256 key in this file.")
  Path hmacKeyFile;

  /** A registry, seeded from --model when given; fails if that bundle is not fit to serve. */
  ModelRegistry registry() throws IOException {
    Optional<byte[]> key =
        hmacKeyFile == null ? Optional.empty() : Optional.of(Files.readAllBytes(hmacKeyFile));
    ModelRegistry registry =
        new ModelRegistry(new ModelLoader(FashionCategories.NAMES), ModelTopic.LIMITS, key);
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
