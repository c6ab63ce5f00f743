package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.registry.ModelRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded broker's model topic, written and read the way the trainer and the model commands
 * do.
 */
final class TestCluster {

  private TestCluster() {}

  /** Puts a model bundle on the model topic the way the trainer's publish does. */
  static void publishModel(EmbeddedKafkaBroker broker, String modelName, byte[] bundle)
      throws IOException {
    new ModelTopic(broker.connection(), ProductTopics.MODELS).publish(modelName, bundle);
  }

  /** {@code tagger models SUBCOMMAND --bootstrap-servers BROKER ARGS...}, run in this JVM. */
  static TaggerCommand models(EmbeddedKafkaBroker broker, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of("models", args[0], "--bootstrap-servers", broker.bootstrapServers()));
    all.addAll(List.of(args).subList(1, args.length));
    return TaggerCommand.run(all.toArray(String[]::new));
  }

  /** Waits, without asserting on time, until the registry serves {@code version}. */
  static BundleManifest awaitServing(ModelRegistry registry, long version)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<BundleManifest> serving = registry.current().map(model -> model.manifest());
      if (serving.isPresent() && serving.get().version() == version) {
        return serving.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the tagger never served version " + version + "; it serves " + registry.current());
  }
}
