package dev.producttagger.kafka.topics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.ClosedPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TopicCreatorTest {

  @Test
  void anAdminThatGivesUpBeforeUsIsATimeoutToo() throws Exception {
    // The admin's own API timeout (300 ms) runs out long before ours (30 s): its failure must
    // still read as "no answer", not as a broken listing.
    Map<String, Object> config =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ClosedPort.pick(),
            CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 300,
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 300);
    try (Admin admin = Admin.create(config)) {
      TimeoutException timeout =
          assertThrows(
              TimeoutException.class,
              () ->
                  TopicCreator.createMissing(
                      admin, List.of(ProductTopics.models()), Optional.empty(), 30_000));
      assertTrue(
          timeout.getCause() instanceof org.apache.kafka.common.errors.TimeoutException,
          String.valueOf(timeout.getCause()));
    }
  }
}
