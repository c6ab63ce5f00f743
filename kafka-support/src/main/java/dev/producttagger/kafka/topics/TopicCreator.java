package dev.producttagger.kafka.topics;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
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
      Set<String> existing = await(admin.listTopics().names(), timeoutMs);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> t.toNewTopic(replicationFactor))
              .toList();
      var results = admin.createTopics(missing).values();
      for (var entry : results.entrySet()) {
        try {
          await(entry.getValue(), timeoutMs);
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

  /**
   * The admin client gives up on its own when its API timeout passes before ours; that is the same
   * "no answer" as ours passing, so callers see one kind of timeout whichever clock ran out first.
   */
  private static <T> T await(KafkaFuture<T> future, long timeoutMs)
      throws InterruptedException, TimeoutException, ExecutionException {
    try {
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException noAnswer) {
        TimeoutException timeout = new TimeoutException(noAnswer.getMessage());
        timeout.initCause(noAnswer);
        throw timeout;
      }
      throw e;
    }
  }
}
