package dev.producttagger.kafka.embedded;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same broker contract against Kafka in a container, where a Docker engine exists. Without one
 * (as on the development machines) JUnit reports these tests as skipped: "Docker is not available";
 * the embedded broker covers them.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIT extends BrokerContract {

  @Container private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

  @Override
  Map<String, Object> clientConfigs() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
  }
}
