package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class FailoverDefaultsIT {

  private static Properties failoverOn(EmbeddedKafkaBroker broker, StringWriter err) {
    Properties props =
        TaggerStreamsConfig.properties(
            broker.clientConfigs(),
            "tagger",
            true,
            1,
            Path.of("/tmp/state"),
            TaggerSettings.defaults());
    FailoverDefaults.apply(props, broker.connection(), new PrintWriter(err));
    return props;
  }

  @Test
  void theSessionIsTheShortestTheBrokerAllows() {
    StringWriter err = new StringWriter();
    try (EmbeddedKafkaBroker embedded =
        EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      Properties props = failoverOn(embedded, err);
      assertEquals(2_000, props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
      assertEquals(3_000, props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    }
    try (EmbeddedKafkaBroker stock =
        EmbeddedKafkaBroker.start(
            EmbeddedKafkaConfig.temporary()
                .withBrokerOverrides(Map.of("group.min.session.timeout.ms", "6000")))) {
      Properties props = failoverOn(stock, err);
      assertEquals(6_000, props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
      assertEquals(7_000, props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    }
    assertEquals("", err.toString());
  }
}
