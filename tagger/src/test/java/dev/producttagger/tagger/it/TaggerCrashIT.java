package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: a tagger JVM is killed with SIGKILL while uploads sit in its batch
 * buffer after their offsets were committed; a fresh instance (empty local state, so the buffer
 * comes back from its changelog) finishes the work. A read_committed reader then sees every input
 * exactly once across tags, review and dead letters.
 */
class TaggerCrashIT {

  private static final int VALID = 2_400;
  private static final int MALFORMED = 100;

  private static EmbeddedKafkaBroker broker;

  @TempDir Path work;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
    broker.createTopics(ProductTopics.all(2));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void everyUploadAppearsExactlyOnceAfterAKillMidBatch() throws Exception {
    TestCluster.publishModel(
        broker, "tiny", TestModels.tinyBundle("tiny", 1, 5).toBytes(Optional.empty()));
    try (UploadProducer uploads =
        new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
      for (int i = 0; i < VALID + MALFORMED; i++) {
        if (i % ((VALID + MALFORMED) / MALFORMED) == 0) {
          uploads.sendMalformed("product-" + i % 97);
        } else {
          uploads.sendValid("product-" + i % 97);
        }
      }
      uploads.flush();
    }
    int inputs = VALID + MALFORMED;
    // Large batches and a long wait, but commits every 100 ms: offsets commit while uploads wait in
    // the buffer, which is the moment a crash must not lose them.
    List<String> args =
        List.of(
            "--bootstrap-servers", broker.bootstrapServers(),
            "--batch-size", "700",
            "--max-wait-ms", "4000",
            "--threshold", "0.5",
            "--commit-interval-ms", "100");

    try (OutputTopics outputs =
        new OutputTopics(broker.clientConfigs(), TaggerSettings.defaults())) {
      try (TaggerProcess first =
          TaggerProcess.start(withStateDir(args, "first"), work.resolve("first.log"))) {
        int seen = outputs.awaitAtLeast(700, Duration.ofMinutes(3)).size();
        assertTrue(
            seen >= 700 && seen < inputs,
            "kill should land mid-stream; outputs so far: " + seen + "\n" + first.logTail());
        first.kill();
      }
      try (TaggerProcess second =
          TaggerProcess.start(withStateDir(args, "second"), work.resolve("second.log"))) {
        outputs.awaitAtLeast(inputs, Duration.ofMinutes(3));
        List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(8));

        ExactlyOnce.assertEveryInputOnce(all, inputs, second::logTail);
        assertEquals(
            MALFORMED,
            all.stream().filter(o -> o.topic().equals(ProductTopics.DEAD_LETTERS)).count());
        assertTrue(second.isAlive());
      }
    }
  }

  private List<String> withStateDir(List<String> args, String name) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add("--state-dir");
    all.add(work.resolve("state-" + name).toString());
    return all;
  }
}
