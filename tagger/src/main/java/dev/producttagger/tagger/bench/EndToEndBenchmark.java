package dev.producttagger.tagger.bench;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.schemas.topics.ProductTopics;
import dev.producttagger.schemas.topics.TopicSpec;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.demo.DemoModel;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.traffic.LabelledUpload;
import dev.producttagger.tagger.traffic.TrafficRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Tagging throughput and latency through a real broker with exactly-once: each measurement starts a
 * fresh tagger (its own application id, topics and state) on the shared embedded broker, so no run
 * sees another's uploads or warm state.
 */
public final class EndToEndBenchmark {

  private final EmbeddedKafkaBroker broker;
  private final Callable<ModelRegistry> registries;
  private final byte[] bundle;
  private final Path stateRoot;
  private final int partitions;
  private final int streamThreads;
  private final Duration commitInterval;
  private int runs;

  /**
   * @param registries a new registry per tagger, as each instance has its own
   * @param bundle published to the model topic before the first run
   */
  public EndToEndBenchmark(
      EmbeddedKafkaBroker broker,
      Callable<ModelRegistry> registries,
      byte[] bundle,
      Path stateRoot,
      int partitions,
      int streamThreads,
      Duration commitInterval) {
    this.broker = broker;
    this.registries = registries;
    this.bundle = bundle;
    this.stateRoot = stateRoot;
    this.partitions = partitions;
    this.streamThreads = streamThreads;
    this.commitInterval = commitInterval;
  }

  /**
   * Starts a tagger with the given batching, sends {@code uploads} at {@code imagesPerSecond} (0
   * for as fast as possible) and waits for every output.
   */
  public TrafficRun.Result run(
      int batchSize, Duration maxWait, List<LabelledUpload> uploads, double imagesPerSecond)
      throws Exception {
    String name = "bench-" + (++runs);
    TaggerSettings defaults = TaggerSettings.defaults();
    TaggerSettings settings =
        new TaggerSettings(
            name + "-uploads",
            name + "-tags",
            name + "-review",
            name + "-dlq",
            defaults.modelsTopic(),
            batchSize,
            maxWait,
            defaults.threshold(),
            defaults.duplicateWindow(),
            defaults.imageLimits());
    List<TopicSpec> topics = new ArrayList<>();
    topics.add(new TopicSpec(settings.uploadsTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.tagsTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.reviewTopic(), partitions, Map.of()));
    topics.add(new TopicSpec(settings.deadLetterTopic(), partitions, Map.of()));
    topics.add(ProductTopics.models());
    broker.createTopics(topics);
    ModelRegistry registry = registries.call();
    Path stateDir = Files.createDirectories(stateRoot.resolve(name));
    Properties props =
        TaggerStreamsConfig.properties(
            broker.clientConfigs(), name, true, streamThreads, stateDir, settings);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    try (TaggerApp app = TaggerApp.start(props, settings, registry)) {
      if (!app.awaitRunning(Duration.ofSeconds(120))) {
        throw new IllegalStateException("the tagger did not start: " + app.streams().state());
      }
      DemoModel.ensurePublished(broker.clientConfigs(), settings, registry, bundle);
      DemoModel.awaitServing(registry, Duration.ofSeconds(60));
      return TrafficRun.run(
          broker.clientConfigs(),
          settings,
          uploads,
          imagesPerSecond,
          Duration.ofMinutes(10),
          counts -> {});
    }
  }
}
