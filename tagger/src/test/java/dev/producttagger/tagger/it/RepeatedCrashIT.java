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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through three crashes: a tagger JVM (exactly_once_v2) is killed with SIGKILL three
 * times while 20,000 uploads flow, each time restarted on the same state directory as a supervisor
 * would. After the last restart a read_committed reader sees every upload exactly once across tags,
 * review and dead letters: none missing, none duplicated.
 */
class RepeatedCrashIT {

  private static final int UPLOADS = 20_000;

  /** Every 50th upload is malformed, so dead letters go through the crashes too. */
  private static final int MALFORMED_EVERY = 50;

  /** Outputs seen when each kill lands: spread over the stream, the last well before its end. */
  private static final int[] KILL_AFTER_OUTPUTS = {3_000, 8_000, 13_000};

  @TempDir Path work;

  @Test
  void everyUploadAppearsExactlyOnceAfterThreeKills() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
      int malformed = 0;
      try (UploadProducer uploads =
          new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
        for (int i = 0; i < UPLOADS; i++) {
          if (i % MALFORMED_EVERY == 0) {
            uploads.sendMalformed("product-" + i % 211);
            malformed++;
          } else {
            uploads.sendValid("product-" + i % 211);
          }
        }
        uploads.flush();
      }
      // Batches of up to 500 that may wait 2 s, committed every 30 ms (the tagger's exactly-once
      // default):
      // a kill usually finds uploads in the buffer whose input offsets are already committed. The
      // tiny model is unsure of random pixels: at 0.15 about 9 in 10 uploads are tagged, the rest
      // go to review.
      List<String> args =
          List.of(
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--batch-size",
              "500",
              "--max-wait-ms",
              "2000",
              "--threshold",
              "0.15",
              "--state-dir",
              work.resolve("state").toString());

      long started = System.nanoTime();
      try (OutputTopics outputs =
          new OutputTopics(broker.clientConfigs(), TaggerSettings.defaults())) {
        List<Integer> seenAtKills = new ArrayList<>();
        for (int kill = 0; kill < KILL_AFTER_OUTPUTS.length; kill++) {
          try (TaggerProcess tagger =
              TaggerProcess.start(args, work.resolve("tagger-" + kill + ".log"))) {
            int seen = outputs.awaitAtLeast(KILL_AFTER_OUTPUTS[kill], Duration.ofMinutes(3)).size();
            assertTrue(
                seen >= KILL_AFTER_OUTPUTS[kill] && seen < UPLOADS,
                "kill "
                    + (kill + 1)
                    + " should land mid-stream; outputs: "
                    + seen
                    + "\n"
                    + tagger.logTail());
            tagger.kill();
            seenAtKills.add(seen);
          }
        }
        try (TaggerProcess last = TaggerProcess.start(args, work.resolve("tagger-last.log"))) {
          outputs.awaitAtLeast(UPLOADS, Duration.ofMinutes(3));
          List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(8));

          Map<String, Long> byTopic = OutputTopics.countByTopic(all);
          System.out.printf(
              "Repeated crashes: %d uploads (%d malformed), SIGKILL after %s outputs;"
                  + " after the last restart %d outputs %s, %.0f s from the first start%n",
              UPLOADS,
              malformed,
              seenAtKills,
              all.size(),
              byTopic,
              (System.nanoTime() - started) / 1e9);
          ExactlyOnce.assertEveryInputOnce(all, UPLOADS, last::logTail);
          assertEquals((long) malformed, byTopic.getOrDefault(ProductTopics.DEAD_LETTERS, 0L));
          assertTrue(last.isAlive(), last::logTail);
        }
      }
    }
  }
}
