package dev.producttagger.kafka.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAdminTest {

  /** What the admin asks of a cluster, one question at a time. */
  private interface Question {
    void ask(ClusterAdmin admin) throws IOException;
  }

  private static void assertUnreachableSaysSo(Question question) throws Exception {
    String nowhere = "127.0.0.1:" + ClosedPort.pick();
    KafkaConnection connection = new KafkaConnection(nowhere, Map.of(), Duration.ofMillis(500));

    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      IOException failure = assertThrows(IOException.class, () -> question.ask(admin));
      assertEquals(
          "cannot reach Kafka at "
              + nowhere
              + ": no answer within 0.5 s"
              + KafkaConnection.PLAINTEXT_HINT,
          failure.getMessage());
    }
  }

  @Test
  void creatingATopicOnAnUnreachableClusterSaysSo() throws Exception {
    assertUnreachableSaysSo(admin -> admin.createIfMissing(ProductTopics.models()));
  }

  @Test
  void askingAnUnreachableClusterForItsShortestSessionSaysSo() throws Exception {
    assertUnreachableSaysSo(ClusterAdmin::minSessionTimeout);
  }
}
