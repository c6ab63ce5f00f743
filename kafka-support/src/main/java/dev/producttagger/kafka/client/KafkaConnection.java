package dev.producttagger.kafka.client;

import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How to reach the Kafka cluster: its address, standard client properties (TLS, SASL, ...) and how
 * long to wait for an answer before giving up with a clear error instead of retrying for minutes.
 * The settings the product's tools depend on (sizes, acknowledgements, isolation) always win over
 * the given properties. Failures are worded here once, so every tool says the same thing about the
 * same problem.
 */
public record KafkaConnection(
    String bootstrapServers, Map<String, Object> clientConfig, Duration timeout) {

  /** Said when a plaintext client gets no answer. */
  public static final String PLAINTEXT_HINT =
      " (a cluster that requires TLS or SASL needs its client settings in --client-config)";

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be blank");
    }
    clientConfig = Map.copyOf(clientConfig);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
    }
  }

  /** Client properties from a {@code .properties} file, as Kafka's own tools take them. */
  public static Map<String, Object> readClientConfig(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, Object> config = new HashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> config.put(name, properties.getProperty(name)));
    return config;
  }

  public Map<String, Object> adminConfig() {
    Map<String, Object> config = base();
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis());
    return config;
  }

  /**
   * Reads whole bundles, and only committed records, so an aborted write is never mistaken for a
   * model or a dead letter; never creates the topic it reads.
   */
  public Map<String, Object> consumerConfig() {
    Map<String, Object> config = base();
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    return config;
  }

  /**
   * Acknowledged by every in-sync replica, without duplicates on retry, with room for the largest
   * bundle.
   */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = base();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis());
    // Room for a retry after a request times out; Kafka requires at least linger + request timeout.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeoutMillis());
    return config;
  }

  /**
   * The cluster gave no answer within the timeout. A broker that requires TLS or SASL does not
   * answer a plaintext client at all, so a plaintext client is told where its settings go.
   */
  public IOException unreachable(Throwable cause) {
    boolean plaintext =
        "PLAINTEXT"
            .equalsIgnoreCase(
                String.valueOf(
                    clientConfig.getOrDefault(
                        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")));
    return new IOException(
        "cannot reach Kafka at "
            + bootstrapServers
            + ": no answer within "
            + seconds(timeout)
            + (plaintext ? PLAINTEXT_HINT : ""),
        cause);
  }

  /** The topic the tool needs is not on the cluster. */
  public IOException missingTopic(String topic) {
    return new IOException("topic " + topic + " does not exist at " + bootstrapServers);
  }

  /**
   * {@code attempt} failed. Kafka wraps the telling reason (an unresolvable host, a refused login)
   * in generic ones: name both.
   */
  public IOException failure(String attempt, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason =
        root == cause ? cause.getMessage() : cause.getMessage() + ": " + root.getMessage();
    return new IOException(attempt + " at " + bootstrapServers + ": " + reason, cause);
  }

  /** The timeout as people read it, such as "15.0 s". */
  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private Map<String, Object> base() {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis());
    return config;
  }

  private int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
