package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class FailoverDefaultsTest {

  @Test
  void aClusterThatDoesNotAnswerLeavesKafkasSessionAndSaysHowToChoose() throws Exception {
    String nowhere = "127.0.0.1:" + ReplayCommandTest.closedPort();
    Properties props =
        TaggerStreamsConfig.properties(
            Map.of("bootstrap.servers", nowhere),
            "tagger",
            true,
            1,
            Path.of("/tmp/state"),
            TaggerSettings.defaults());
    StringWriter err = new StringWriter();

    FailoverDefaults.apply(
        props,
        new KafkaConnection(nowhere, Map.of(), Duration.ofMillis(500)),
        new PrintWriter(err));

    assertFalse(props.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(
        "Warning: cannot reach Kafka at "
            + nowhere
            + ": no answer within 0.5 s"
            + KafkaConnection.PLAINTEXT_HINT
            + ". Until its session times out (Kafka's default: 45 s), a failed instance holds its"
            + " partitions; set session.timeout.ms in --client-config to choose.",
        err.toString().strip());
  }
}
