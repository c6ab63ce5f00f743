package dev.producttagger.tagger.topology;

import dev.producttagger.kafka.topics.ProductTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams properties of a tagger instance, explicit about every choice that matters. */
public final class TaggerStreamsConfig {

  public static final String DEFAULT_APPLICATION_ID = "product-tagger";

  /**
   * Under exactly-once a tag is visible only once its transaction commits, so latency is about the
   * batch wait plus the commit interval: 30 ms rather than Kafka Streams' 100 ms.
   */
  public static final long EXACTLY_ONCE_COMMIT_INTERVAL_MS = 30;

  private TaggerStreamsConfig() {}

  /**
   * Stream threads when none are asked for: one per core. Each runs its forward passes on a network
   * copy of its own with one ND4J thread, so stream threads are what use a machine's cores.
   */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * @param clientProperties standard Kafka client settings (bootstrap servers, TLS, SASL, ...);
   *     they win over nothing here but the processing guarantee and handlers, which are the
   *     tagger's own
   * @param exactlyOnce exactly_once_v2 when true, at_least_once otherwise
   */
  public static Properties properties(
      Map<String, ?> clientProperties,
      String applicationId,
      boolean exactlyOnce,
      int threads,
      Path stateDir,
      TaggerSettings settings) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    if (exactlyOnce) {
      props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, EXACTLY_ONCE_COMMIT_INTERVAL_MS);
    }
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        RejectingDeserializationHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingProcessingHandler.class);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.deadLetterTopic());
    // Bundles on the model topic can be many megabytes: let the global consumer fetch them whole.
    props.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
        ProductTopics.MAX_BUNDLE_BYTES);
    props.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
        ProductTopics.MAX_BUNDLE_BYTES);
    // A dead letter carries its upload in base64, so it is bigger than the upload: a producer that
    // refused it would fail the task, and every restart would fail on the same upload again.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        ProductTopics.MAX_DEAD_LETTER_BYTES);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // A transactional request the coordinator answers with a retriable error (such as the previous
    // transaction still completing) waits retry.backoff.ms before its retry. The default 100 ms
    // made some commits take 105-110 ms, the p99 latency; backoff still grows exponentially to
    // retry.backoff.max.ms (1 s) when a broker keeps failing.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    return props;
  }

  /** The shortest session the tagger asks for, however little the broker allows. */
  static final Duration SHORTEST_SESSION = Duration.ofSeconds(2);

  /** Kafka Streams' own transaction timeout under exactly-once. */
  static final Duration STREAMS_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> SESSION_KEYS =
      List.of(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);

  private static final List<String> HEARTBEAT_KEYS =
      List.of(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);

  private static final List<String> TRANSACTION_TIMEOUT_KEYS =
      List.of(
          StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
          ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

  /**
   * How soon a fleet carries on without a member that died without leaving (SIGKILL, a lost
   * machine): its partitions move once its session times out, and their outputs become readable
   * once its open transaction is aborted, since that transaction holds back every read_committed
   * reader of what it wrote. Kafka's defaults make that 45 s and 10-20 s.
   *
   * <p>Unless the client settings choose them: a session as short as the broker allows ({@code
   * brokerMinSession}) but not under {@link #SHORTEST_SESSION}; heartbeats four times a session;
   * under exactly-once, a transaction timeout 1 s past the session, at most Streams' 10 s. Batches
   * take milliseconds, so no healthy transaction comes near it. With no broker minimum known, the
   * session is left to Kafka (45 s) and only a session from the client settings is built upon.
   *
   * @throws IllegalArgumentException for a session in the client settings that is not a number
   */
  public static void failover(Properties props, Optional<Duration> brokerMinSession) {
    Optional<String> sessionKey = firstSet(props, SESSION_KEYS);
    Duration session;
    if (sessionKey.isPresent()) {
      session = Duration.ofMillis(milliseconds(props, sessionKey.get()));
    } else if (brokerMinSession.isPresent()) {
      session = longer(brokerMinSession.get(), SHORTEST_SESSION);
      props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis());
    } else {
      return;
    }
    if (firstSet(props, HEARTBEAT_KEYS).isEmpty()) {
      props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) session.toMillis() / 4);
    }
    boolean exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    if (exactlyOnce && firstSet(props, TRANSACTION_TIMEOUT_KEYS).isEmpty()) {
      Duration transaction = session.plusSeconds(1);
      Duration capped =
          transaction.compareTo(STREAMS_TRANSACTION_TIMEOUT) < 0
              ? transaction
              : STREAMS_TRANSACTION_TIMEOUT;
      props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) capped.toMillis());
    }
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Optional<String> firstSet(Properties props, List<String> keys) {
    return keys.stream().filter(props::containsKey).findFirst();
  }

  private static long milliseconds(Properties props, String key) {
    String value = String.valueOf(props.get(key)).trim();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a number of milliseconds, got '" + value + "'", e);
    }
  }

  /** The client tag that names an instance's rack, for standby placement. */
  static final String RACK_TAG = "rack";

  /**
   * Settings for a fleet of instances: {@code standbyReplicas} warm copies of every task's state on
   * other instances; with a {@code rack}, standbys placed on other racks than their active task and
   * consumers fetching from the nearest replica.
   *
   * @throws IllegalArgumentException for a negative standby count or a blank rack
   */
  public static void fleet(Properties props, int standbyReplicas, Optional<String> rack) {
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException(
          "--standby-replicas must not be negative, got " + standbyReplicas);
    }
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    rack.ifPresent(
        id -> {
          if (id.isBlank()) {
            throw new IllegalArgumentException("--rack must name a rack");
          }
          props.put(StreamsConfig.clientTagPrefix(RACK_TAG), id);
          props.put(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, RACK_TAG);
          props.put(CommonClientConfigs.CLIENT_RACK_CONFIG, id);
        });
  }
}
