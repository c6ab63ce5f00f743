package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker contract on a broker in a child JVM, as the end-to-end benchmark can run it. */
class BrokerProcessIT extends BrokerContract {

  @TempDir static Path dir;

  private static BrokerProcess broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = BrokerProcess.start(dir.resolve("broker.log"), Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  Map<String, Object> clientConfigs() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
  }

  @Test
  void runsInAnotherProcessThatEndsOnClose() throws Exception {
    assertNotEquals(ProcessHandle.current().pid(), broker.pid());
    try (BrokerProcess other =
        BrokerProcess.start(dir.resolve("other.log"), Duration.ofMinutes(2))) {
      Optional<ProcessHandle> child = ProcessHandle.of(other.pid());
      assertTrue(child.map(ProcessHandle::isAlive).orElse(false), "the child is running");
      other.close();
      assertFalse(child.get().isAlive(), "the child ended when its broker was closed");
    }
  }
}
