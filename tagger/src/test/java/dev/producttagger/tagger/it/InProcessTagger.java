package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tagger in the test's own JVM, with exactly-once and one stream thread, for tests that need its
 * registry or its Kafka Streams state rather than a process to kill.
 */
final class InProcessTagger {

  private InProcessTagger() {}

  /** A registry that serves unsigned bundles within the default limits. */
  static ModelRegistry unsignedRegistry() {
    return new ModelRegistry(
        new ModelLoader(FashionCategories.NAMES), BundleLimits.DEFAULT, Optional.empty());
  }

  static TaggerApp start(
      EmbeddedKafkaBroker broker,
      String applicationId,
      TaggerSettings settings,
      ModelRegistry registry,
      Path stateDir) {
    return TaggerApp.start(
        TaggerStreamsConfig.properties(
            broker.clientConfigs(), applicationId, true, 1, stateDir, settings),
        settings,
        registry);
  }
}
