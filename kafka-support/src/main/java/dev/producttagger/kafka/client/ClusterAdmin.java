package dev.producttagger.kafka.client;

import dev.producttagger.kafka.topics.TopicCreator;
import dev.producttagger.kafka.topics.TopicSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What the product's tools ask the cluster before they read or write: which topics exist, how they
 * are partitioned, and creating the ones a tool owns. Every answer comes within the connection's
 * timeout or fails as an IOException worded by {@link KafkaConnection}.
 */
public final class ClusterAdmin implements AutoCloseable {

  private static final String MIN_SESSION_TIMEOUT_CONFIG = "group.min.session.timeout.ms";

  private final KafkaConnection connection;
  private final Admin admin;

  private ClusterAdmin(KafkaConnection connection, Admin admin) {
    this.connection = connection;
    this.admin = admin;
  }

  public static ClusterAdmin connect(KafkaConnection connection) throws IOException {
    try {
      return new ClusterAdmin(connection, Admin.create(connection.adminConfig()));
    } catch (KafkaException e) {
      throw connection.failure("cannot connect", e);
    }
  }

  /** Fails, naming the first one missing, unless every topic exists. */
  public void requireTopics(Collection<String> topics) throws IOException {
    Set<String> existing = topicNames();
    for (String topic : topics) {
      if (!existing.contains(topic)) {
        throw connection.missingTopic(topic);
      }
    }
  }

  public boolean exists(String topic) throws IOException {
    return topicNames().contains(topic);
  }

  /** The topic's partition numbers in ascending order. */
  public List<Integer> partitions(String topic) throws IOException {
    requireTopics(List.of(topic));
    TopicDescription description =
        answer(admin.describeTopics(List.of(topic)).allTopicNames(), "cannot describe " + topic)
            .get(topic);
    return description.partitions().stream().map(TopicPartitionInfo::partition).sorted().toList();
  }

  /**
   * Creates the topic with the cluster's default replication unless it exists; true if this call
   * created it.
   */
  public boolean createIfMissing(TopicSpec topic) throws IOException {
    try {
      return !TopicCreator.createMissing(
              admin, List.of(topic), Optional.empty(), connection.timeout().toMillis())
          .isEmpty();
    } catch (TimeoutException e) {
      throw connection.unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while creating topic " + topic.name());
    } catch (KafkaException | IllegalStateException e) {
      throw connection.failure("cannot create topic " + topic.name(), e);
    }
  }

  /**
   * The shortest consumer session the cluster allows ({@code group.min.session.timeout.ms}), as a
   * broker of it reports; reading it needs the DESCRIBE_CONFIGS permission on the cluster.
   */
  public Duration minSessionTimeout() throws IOException {
    String attempt = "cannot read the brokers' group.min.session.timeout.ms";
    Node broker =
        answer(admin.describeCluster().nodes(), attempt).stream()
            .findFirst()
            .orElseThrow(() -> connection.failure(attempt, new IOException("no broker listed")));
    ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
    ConfigEntry entry =
        answer(admin.describeConfigs(List.of(resource)).all(), attempt)
            .get(resource)
            .get(MIN_SESSION_TIMEOUT_CONFIG);
    if (entry == null || entry.value() == null) {
      throw connection.failure(attempt, new IOException("broker " + broker.id() + " did not say"));
    }
    return Duration.ofMillis(Long.parseLong(entry.value()));
  }

  private Set<String> topicNames() throws IOException {
    return answer(admin.listTopics().names(), "cannot list topics");
  }

  private <T> T answer(KafkaFuture<T> future, String attempt) throws IOException {
    try {
      return future.get(connection.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw connection.unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + attempt);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw connection.unreachable(e.getCause());
      }
      throw connection.failure(attempt, e.getCause());
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
