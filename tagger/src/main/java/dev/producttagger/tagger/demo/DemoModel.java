package dev.producttagger.tagger.demo;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.topics.ProductTopics;
import dev.producttagger.tagger.inference.ServingModel;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Gets the demo's model onto the model topic once, however often the demo is rerun. */
public final class DemoModel {

  private DemoModel() {}

  /** The manifest of a bundle file's bytes; a clear error if they are not a readable bundle. */
  public static BundleManifest manifestOf(byte[] bundle, Object source) {
    try {
      return ModelBundle.read(
              bundle,
              BundleLimits.DEFAULT.withMaxTotalBytes(ProductTopics.MAX_BUNDLE_BYTES),
              Optional.empty())
          .manifest();
    } catch (InvalidBundleException e) {
      throw new IllegalArgumentException(
          source + " is not a usable model bundle: " + e.getMessage(), e);
    }
  }

  /**
   * Publishes {@code bundle} unless the running tagger (whose registry has restored the model
   * topic) already serves it or a newer version; returns what it did, for the user.
   */
  public static String ensurePublished(
      Map<String, Object> clientConfigs,
      TaggerSettings settings,
      ModelRegistry registry,
      byte[] bundle)
      throws InterruptedException {
    BundleManifest manifest = manifestOf(bundle, "the bundle");
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
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(settings.modelsTopic(), manifest.name(), bundle)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish the model: " + e.getCause(), e.getCause());
    }
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
