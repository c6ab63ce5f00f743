package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagger run}: one tagger instance against a Kafka cluster, until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Tag uploads from a Kafka cluster until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      description = "Kafka bootstrap servers, host:port[,host:port].")
  String bootstrapServers;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, ssl.*, sasl.*, ...) applied to every"
              + " client.")
  Path clientConfig;

  @Option(
      names = "--application-id",
      defaultValue = TaggerStreamsConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--state-dir",
      defaultValue = "${java.io.tmpdir}/product-tagger-state",
      description = "Local state directory (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--at-least-once", description = "Use at_least_once instead of exactly_once_v2.")
  boolean atLeastOnce;

  @Option(
      names = "--commit-interval-ms",
      description =
          "How often offsets, state and outputs commit (default: Kafka Streams' own, 100 ms with"
              + " exactly-once).")
  Long commitIntervalMs;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "Port of the HTTP API and dashboard; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--http-host",
      defaultValue = "0.0.0.0",
      description = "Address the HTTP server binds to (default: ${DEFAULT-VALUE}, all interfaces).")
  String httpHost;

  @Option(
      names = "--advertised-http",
      paramLabel = "HOST:PORT",
      description =
          "Where other instances reach this one's HTTP API, to answer for products it holds"
              + " (Kafka Streams' application.server). Default: the bind address and port, with"
              + " this machine's host name for 0.0.0.0.")
  String advertisedHttp;

  @Mixin TopologyOptions topology;
  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> clientProperties = new HashMap<>(loadClientConfig());
    clientProperties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    TaggerSettings settings = topology.settings();
    Properties props =
        TaggerStreamsConfig.properties(
            clientProperties, applicationId, !atLeastOnce, threads, stateDir, settings);
    if (commitIntervalMs != null) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    }
    Optional<HostInfo> givenAdvertised = parseAdvertisedHttp();
    CountDownLatch stopped = new CountDownLatch(1);
    // Bound before the app starts, so that port 0 is resolved when application.server names it.
    try (TaggerHttpServer http = bindHttp()) {
      HostInfo advertised =
          givenAdvertised.isPresent() ? givenAdvertised.get() : defaultAdvertised(http.port());
      props.put(
          StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
      try (TaggerApp app = TaggerApp.start(props, settings, model.registry())) {
        http.serve(app);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "Dashboard: http://%s:%d/ (API under /api, Prometheus metrics at /metrics)%n",
            advertised.host(), advertised.port());
        out.flush();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      http.close();
                      app.close();
                      stopped.countDown();
                    }));
        stopped.await();
      }
    }
    return 0;
  }

  private Optional<HostInfo> parseAdvertisedHttp() {
    if (advertisedHttp == null) {
      return Optional.empty();
    }
    HostInfo given;
    try {
      given = HostInfo.buildFromEndpoint(advertisedHttp);
    } catch (ConfigException e) {
      given = null;
    }
    if (given == null || given.host().isBlank() || given.port() < 1 || given.port() > 65535) {
      throw new IllegalArgumentException(
          "--advertised-http must be HOST:PORT with a port from 1 to 65535, got '"
              + advertisedHttp
              + "'");
    }
    return Optional.of(given);
  }

  private TaggerHttpServer bindHttp() throws IOException {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be from 0 to 65535, got " + httpPort);
    }
    try {
      return TaggerHttpServer.bind(new InetSocketAddress(httpHost, httpPort));
    } catch (IOException e) {
      throw new IOException(
          "cannot serve HTTP on " + httpHost + ":" + httpPort + ": " + e.getMessage(), e);
    }
  }

  /** The bind address; for all interfaces this machine's name, as Kafka advertises listeners. */
  private HostInfo defaultAdvertised(int boundPort) throws IOException {
    InetAddress bound = InetAddress.getByName(httpHost);
    String host = bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : httpHost;
    return new HostInfo(host, boundPort);
  }

  private Map<String, Object> loadClientConfig() throws IOException {
    Map<String, Object> map = new HashMap<>();
    if (clientConfig != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(clientConfig)) {
        props.load(reader);
      }
      props.forEach((k, v) -> map.put(k.toString(), v));
    }
    return map;
  }

  /** Topology options shared with the demo. */
  static final class TopologyOptions {
    @Option(names = "--uploads-topic", defaultValue = "product-image-uploads")
    String uploads;

    @Option(names = "--tags-topic", defaultValue = "product-tags")
    String tags;

    @Option(names = "--review-topic", defaultValue = "product-tags-review")
    String review;

    @Option(names = "--dead-letter-topic", defaultValue = "product-image-uploads-dlq")
    String deadLetters;

    @Option(names = "--models-topic", defaultValue = "tagger-models")
    String models;

    @Option(
        names = "--batch-size",
        defaultValue = "64",
        description =
            "Classify a batch once it holds this many uploads (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
        names = "--max-wait-ms",
        defaultValue = "50",
        description = "... or once its oldest upload waited this long (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(
        names = "--threshold",
        description =
            "Confidence needed to publish a tag; below it goes to review (default: the model's,"
                + " chosen on validation data).")
    Double threshold;

    @Option(
        names = "--duplicate-window-hours",
        defaultValue = "24",
        description =
            "A repeated eventId within this window is a duplicate (default: ${DEFAULT-VALUE}).")
    long duplicateWindowHours;

    @Option(
        names = "--max-image-side",
        defaultValue = "4096",
        description = "Largest accepted width or height in pixels (default: ${DEFAULT-VALUE}).")
    int maxImageSide;

    TaggerSettings settings() {
      return new TaggerSettings(
          uploads,
          tags,
          review,
          deadLetters,
          models,
          batchSize,
          Duration.ofMillis(maxWaitMs),
          threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold),
          Duration.ofHours(duplicateWindowHours),
          new ImageLimits(maxImageSide, maxImageSide));
    }
  }
}
