package dev.producttagger.tagger.app;

import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tagger instance: the Kafka Streams application around the tagging topology, and the
 * statistics of what it has done.
 */
public final class TaggerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaggerApp.class);

  private final KafkaStreams streams;
  private final ModelRegistry registry;
  private final TaggerStatistics statistics;
  private final Optional<HostInfo> advertisedServer;
  private final TaggerSettings settings;
  private final Map<String, Object> clientConfigs;
  private final Restorations restorations;

  private TaggerApp(
      KafkaStreams streams,
      ModelRegistry registry,
      TaggerStatistics statistics,
      Optional<HostInfo> advertisedServer,
      TaggerSettings settings,
      Map<String, Object> clientConfigs,
      Restorations restorations) {
    this.streams = streams;
    this.registry = registry;
    this.statistics = statistics;
    this.advertisedServer = advertisedServer;
    this.settings = settings;
    this.clientConfigs = Map.copyOf(clientConfigs);
    this.restorations = restorations;
  }

  /**
   * Builds the topology and starts processing; returns at once.
   *
   * @param streamsProperties Kafka Streams properties, such as {@code TaggerStreamsConfig}'s; set
   *     {@code application.server} to this instance's HTTP address when several instances serve the
   *     HTTP API
   */
  public static TaggerApp start(
      Properties streamsProperties, TaggerSettings settings, ModelRegistry registry) {
    NativeBackend.servingThreadsWarning(System.getenv("OMP_NUM_THREADS")).ifPresent(LOG::warn);
    TaggerStatistics statistics = new TaggerStatistics(registry, Clock.systemUTC());
    Properties props = new Properties();
    props.putAll(streamsProperties);
    props.put(TaggerStatistics.CONFIG_KEY, statistics);
    KafkaStreams streams =
        new KafkaStreams(
            TaggerTopology.build(settings, registry, statistics, Clock.systemUTC()), props);
    streams.setStateListener(
        (newState, oldState) -> LOG.info("Tagger {} -> {}", oldState, newState));
    Restorations restorations = new Restorations();
    streams.setGlobalStateRestoreListener(restorations);
    UploadLag.register(statistics.prometheusRegistry(), streams, settings.uploadsTopic());
    LOG.info(
        "Starting {} stream thread(s), {}",
        props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
        props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    streams.start();
    return new TaggerApp(
        streams,
        registry,
        statistics,
        Optional.ofNullable(
            HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG))),
        settings,
        producerConfigs(streamsProperties),
        restorations);
  }

  /** The settings among the Streams properties that a plain producer takes: cluster, security. */
  private static Map<String, Object> producerConfigs(Properties streamsProperties) {
    Map<String, Object> configs = new HashMap<>();
    for (String name : streamsProperties.stringPropertyNames()) {
      if (ProducerConfig.configNames().contains(name)) {
        configs.put(name, streamsProperties.get(name));
      }
    }
    return configs;
  }

  /** How many of this instance's state store partitions are being restored now. */
  public int restoringStores() {
    return restorations.inProgress();
  }

  public TaggerSettings settings() {
    return settings;
  }

  /**
   * How this instance reaches the cluster (bootstrap servers and security settings), for clients
   * beside Kafka Streams such as the review queue's decision producer.
   */
  public Map<String, Object> clientConfigs() {
    return clientConfigs;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ModelRegistry registry() {
    return registry;
  }

  public TaggerStatistics statistics() {
    return statistics;
  }

  /**
   * This instance's HTTP address as other instances know it ({@code application.server}); empty
   * when it is not set, and then the HTTP API answers only from this instance's own stores.
   */
  public Optional<HostInfo> advertisedServer() {
    return advertisedServer;
  }

  /** Blocks until every stream thread is processing, or the timeout passes. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state().hasCompletedShutdown()) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
