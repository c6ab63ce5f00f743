package dev.producttagger.kafka.embedded;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.topics.TopicCreator;
import dev.producttagger.kafka.topics.TopicSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run inside this
 * JVM on the broker's own classes. It serves the demo and the integration tests; it is not a mock.
 *
 * <p>Replication factors are 1 throughout, as a single node requires. Start it with {@link
 * #start(EmbeddedKafkaConfig)} and close it to stop; a temporary data directory is deleted on
 * close, a given one is kept so the broker can be restarted on the same data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** The shortest consumer session the broker allows: 2 s instead of Kafka's 6 s. */
  public static final long MIN_SESSION_TIMEOUT_MS = 2_000;

  /** The log cleaner's key-dedupe buffer: 16 MB instead of Kafka's 128 MB default. */
  static final long LOG_CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "BROKER";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String HOST = "127.0.0.1";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final String bootstrapServers;
  private final EmbeddedKafkaConfig config;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      Path dataDir,
      boolean deleteDataDirOnClose,
      String bootstrapServers,
      EmbeddedKafkaConfig config) {
    this.server = server;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
    this.bootstrapServers = bootstrapServers;
    this.config = config;
  }

  /**
   * Formats the data directory if it is new, starts the broker and waits until it serves clients.
   */
  public static EmbeddedKafkaBroker start(EmbeddedKafkaConfig config) {
    boolean temporary = config.dataDir().isEmpty();
    Path dataDir;
    try {
      dataDir =
          temporary
              ? Files.createTempDirectory("embedded-kafka-")
              : Files.createDirectories(config.dataDir().get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data directory", e);
    }
    int[] ports = freePorts(2);
    int brokerPort = config.port() == 0 ? ports[0] : config.port();
    int controllerPort = ports[1] != brokerPort ? ports[1] : ports[0];
    Properties props = brokerProperties(config, dataDir, brokerPort, controllerPort);
    KafkaConfig kafkaConfig = new KafkaConfig(props, false);
    try {
      format(dataDir);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format the broker's data directory " + dataDir + ": " + e.getMessage(), e);
    }
    KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      if (temporary) {
        deleteRecursively(dataDir);
      }
      throw new IllegalStateException(
          "embedded broker could not start on port "
              + brokerPort
              + " (controller port "
              + controllerPort
              + "): "
              + e.getMessage(),
          e);
    }
    String bootstrap = HOST + ":" + brokerPort;
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(server, dataDir, temporary, bootstrap, config);
    try {
      broker.awaitReady(config.startupTimeout());
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    LOG.info("Embedded Kafka broker ready at {} (data in {})", bootstrap, dataDir);
    return broker;
  }

  /** The address clients connect to, such as {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * Client properties that reach this broker: with the SASL login when it requires one, and the
   * truststore when it speaks TLS.
   */
  public Map<String, Object> clientConfigs() {
    Map<String, Object> configs = new java.util.HashMap<>();
    configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    configs.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol(config));
    config
        .saslPlain()
        .ifPresent(
            user -> {
              configs.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
              configs.put(SaslConfigs.SASL_JAAS_CONFIG, user.clientJaasConfig());
            });
    config.tls().ifPresent(tls -> configs.putAll(tls.clientProperties()));
    return Map.copyOf(configs);
  }

  /**
   * Writes {@link #clientConfigs()} but the address to {@code file}, as the properties file a user
   * gives the product's commands with {@code --client-config}.
   */
  public Path writeClientProperties(Path file) throws IOException {
    Properties properties = new Properties();
    clientConfigs().entrySet().stream()
        .filter(entry -> !entry.getKey().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
        .forEach(entry -> properties.setProperty(entry.getKey(), entry.getValue().toString()));
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, "the client settings of the embedded broker at " + bootstrapServers);
    }
    return file;
  }

  /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, as the config asks. */
  private static String securityProtocol(EmbeddedKafkaConfig config) {
    return (config.saslPlain().isPresent() ? "SASL_" : "")
        + (config.tls().isPresent() ? "SSL" : "PLAINTEXT");
  }

  /** This broker as the product's tools reach it, waiting up to 30 s for an answer. */
  public KafkaConnection connection() {
    return new KafkaConnection(bootstrapServers(), clientConfigs(), Duration.ofSeconds(30));
  }

  /** Creates the topics that do not exist yet, with replication factor 1. */
  public void createTopics(Collection<TopicSpec> topics) {
    try (Admin admin = Admin.create(clientConfigs())) {
      TopicCreator.createMissing(admin, topics, Optional.of((short) 1), 30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topics on " + bootstrapServers, e);
    }
  }

  /** Stops the broker and waits for it; deletes a temporary data directory. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteDataDirOnClose) {
      deleteRecursively(dataDir);
    }
    LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(clientConfigs())) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          if (notYet instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker");
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("embedded broker did not become ready within " + timeout);
        }
      }
    }
  }

  private static Properties brokerProperties(
      EmbeddedKafkaConfig config, Path dataDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER
            + ":"
            + securityProtocol(config)
            + ","
            + CONTROLLER_LISTENER
            + ":"
            + (config.tls().isPresent() ? "SSL" : "PLAINTEXT"));
    config.tls().ifPresent(tls -> props.putAll(tls.brokerProperties()));
    config
        .saslPlain()
        .ifPresent(
            user -> {
              props.put("sasl.enabled.mechanisms", "PLAIN");
              props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
              props.put(
                  "listener.name."
                      + BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT)
                      + ".plain.sasl.jaas.config",
                  user.brokerJaasConfig());
            });
    props.put("log.dirs", dataDir.resolve("logs").toString());
    // A single node: every internal topic must live with one replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Fast failover on one machine: a tagger may keep a 2 s session (Kafka's floor is 6 s), and a
    // killed member's open transaction, which holds back every read_committed reader of what it
    // wrote, is aborted within 0.5 s of timing out rather than within Kafka's 10 s check.
    props.put("group.min.session.timeout.ms", Long.toString(MIN_SESSION_TIMEOUT_MS));
    props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
    props.put("auto.create.topics.enable", "false");
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    // The log cleaner's dedupe buffer is one heap array for the broker's life, 128 MB by default,
    // held in the JVM of every test, the demo and the benchmark; this still dedupes about 700,000
    // keys per cleaning pass, far more than the compacted topics here hold.
    props.put("log.cleaner.dedupe.buffer.size", Long.toString(LOG_CLEANER_DEDUPE_BUFFER_BYTES));
    props.putAll(config.brokerOverrides());
    return props;
  }

  /** Formats a new log directory; one that was formatted before keeps its cluster id and data. */
  private static void format(Path dataDir) throws Exception {
    String logDir = dataDir.resolve("logs").toString();
    if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
      return;
    }
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir)
          .addDirectory(logDir)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    }
  }

  /**
   * Ports free now on the broker's host, all different: their sockets are held open together,
   * because a socket closed before the next one opens can hand the same port out twice.
   */
  public static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 0, InetAddress.getByName(HOST)));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          LOG.warn("could not close a probe socket: {}", e.getMessage());
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
