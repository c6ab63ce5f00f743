package dev.producttagger.kafka.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAdminTest {

  @Test
  void creatingATopicOnAnUnreachableClusterSaysSo() throws Exception {
    String nowhere = "127.0.0.1:" + ClosedPort.pick();
    KafkaConnection connection = new KafkaConnection(nowhere, Map.of(), Duration.ofMillis(500));

    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      IOException failure =
          assertThrows(IOException.class, () -> admin.createIfMissing(ProductTopics.models()));
      assertEquals(
          "cannot reach Kafka at "
              + nowhere
              + ": no answer within 0.5 s"
              + KafkaConnection.PLAINTEXT_HINT,
          failure.getMessage());
    }
  }
}
