package dev.producttagger.tagger.demo;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Gets the demo's model onto the model topic once, however often the demo is rerun. */
public final class DemoModel {

  private DemoModel() {}

  /**
   * Publishes {@code bundle} unless the running tagger (whose registry has restored the model
   * topic) already serves its weights; returns what it did, for the user. A bundle whose version is
   * not above the serving one is published as the next version, as {@code trainer publish --version
   * auto} would.
   */
  public static String ensurePublished(
      KafkaConnection connection,
      TaggerSettings settings,
      ModelRegistry registry,
      ValidatedBundle bundle)
      throws IOException {
    BundleManifest manifest = bundle.manifest();
    Optional<ServingModel> serving = registry.current();
    if (serving.isPresent()
        && serving.get().manifest().weightsSha256().equals(manifest.weightsSha256())) {
      return "Model "
          + serving.get().ref().name()
          + " v"
          + serving.get().ref().version()
          + " is already published";
    }
    // Taggers take only a newer version, so a different model goes above the serving one.
    long version =
        serving.isPresent() && serving.get().ref().version() >= manifest.version()
            ? serving.get().ref().version() + 1
            : manifest.version();
    BundleManifest published = manifest.withVersion(version);
    new ModelTopic(connection, settings.modelsTopic())
        .publish(published.name(), bundle.bytesWith(published, Optional.empty()));
    return "Published model "
        + published.name()
        + " v"
        + published.version()
        + " to "
        + settings.modelsTopic();
  }

  /** Waits until the registry serves a model; fails with the rejection counts if it does not. */
  public static ServingModel awaitServing(ModelRegistry registry, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (registry.current().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no model is serving after "
                + timeout.toSeconds()
                + " s; rejected bundles by reason: "
                + registry.rejectedCounts());
      }
      Thread.sleep(50);
    }
    return registry.current().orElseThrow();
  }
}
