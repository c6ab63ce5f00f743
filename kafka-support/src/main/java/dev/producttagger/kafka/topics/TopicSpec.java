package dev.producttagger.kafka.topics;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic the product reads or writes: its name, partition count and topic-level configs.
 * Replication is left to the cluster default unless a factor is given when creating it.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + " needs at least one partition, got " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** The same topic under another name (every topic name is configurable). */
  public TopicSpec withName(String newName) {
    return new TopicSpec(newName, partitions, configs);
  }

  /** The same topic with another partition count. */
  public TopicSpec withPartitions(int newPartitions) {
    return new TopicSpec(name, newPartitions, configs);
  }

  /** An admin-client request for this topic; an empty factor means the broker's default. */
  public NewTopic toNewTopic(Optional<Short> replicationFactor) {
    return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
  }
}
