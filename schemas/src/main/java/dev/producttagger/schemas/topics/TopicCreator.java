package dev.producttagger.schemas.topics;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics that do not exist yet and leaves existing ones as they are. */
public final class TopicCreator {

  private TopicCreator() {}

  /**
   * Creates each missing topic; returns the names it created.
   *
   * @param replicationFactor empty for the cluster's default
   */
  public static Set<String> createMissing(
      Admin admin, Collection<TopicSpec> topics, Optional<Short> replicationFactor, long timeoutMs)
      throws InterruptedException, TimeoutException {
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> t.toNewTopic(replicationFactor))
              .toList();
      var results = admin.createTopics(missing).values();
      for (var entry : results.entrySet()) {
        try {
          entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          // Another instance may have created it between our listing and our request.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        }
      }
      return results.keySet();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not list topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
