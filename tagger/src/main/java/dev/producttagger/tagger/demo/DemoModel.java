package dev.producttagger.tagger.demo;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import dev.producttagger.schemas.kafka.KafkaConnection;
import dev.producttagger.schemas.modeltopic.ModelTopic;
import dev.producttagger.tagger.inference.ServingModel;
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
   * topic) already serves it or a newer version; returns what it did, for the user.
   */
  public static String ensurePublished(
      KafkaConnection connection,
      TaggerSettings settings,
      ModelRegistry registry,
      ValidatedBundle bundle)
      throws IOException {
    BundleManifest manifest = bundle.manifest();
    Optional<ServingModel> serving = registry.current();
    if (serving.isPresent() && serving.get().ref().version() >= manifest.version()) {
      BundleManifest current = serving.get().manifest();
      return current.weightsSha256().equals(manifest.weightsSha256())
          ? "Model " + manifest.name() + " v" + manifest.version() + " is already published"
          : "Keeping the published "
              + current.name()
              + " v"
              + current.version()
              + ", newer than "
              + manifest.name()
              + " v"
              + manifest.version();
    }
    new ModelTopic(connection, settings.modelsTopic())
        .publish(manifest.name(), bundle.bytesWith(manifest, Optional.empty()));
    return "Published model "
        + manifest.name()
        + " v"
        + manifest.version()
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
