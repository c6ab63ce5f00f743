package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away mid-stream and comes back on the same port and data: the tagger (in this
 * JVM, exactly-once) recovers by itself, without a restart, and a read_committed reader sees every
 * upload exactly once, including those a seller's service sent while the broker was down.
 */
class BrokerRestartIT {

  private static final int BEFORE_OUTAGE = 3_000;
  private static final int DURING_OUTAGE = 2_000;

  /**
   * Longer than Kafka Streams' exactly-once transaction timeout (10 s): the transaction open at the
   * stop has timed out by the time the broker is back, the harder case for the tagger.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(12);

  @TempDir Path brokerData;
  @TempDir Path stateDir;

  /** A client stuck waiting for the missing broker fails the test instead of hanging the build. */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void theTaggerRecoversByItselfAndTagsEveryUploadExactlyOnce() throws Exception {
    EmbeddedKafkaConfig config =
        EmbeddedKafkaConfig.temporary()
            .withPort(EmbeddedKafkaBroker.freePorts(1)[0])
            .withDataDir(brokerData);
    // At 0.15 the tiny model tags most random uploads and sends the rest to review.
    TaggerSettings settings =
        TaggerSettings.defaults().withBatch(64, Duration.ofMillis(50)).withThreshold(0.15);
    int inputs = BEFORE_OUTAGE + DURING_OUTAGE;
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config);
    try {
      broker.createTopics(ProductTopics.all(2));
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
      try (TaggerApp app =
              InProcessTagger.start(
                  broker,
                  "broker-restart",
                  settings,
                  InProcessTagger.unsignedRegistry(),
                  stateDir);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        for (int i = 0; i < BEFORE_OUTAGE; i++) {
          uploads.sendValid("product-" + i % 97);
        }
        uploads.flush();
        int seenAtStop = outputs.awaitAtLeast(500, Duration.ofMinutes(2)).size();
        assertTrue(
            seenAtStop >= 500 && seenAtStop < BEFORE_OUTAGE,
            "the broker should stop mid-stream; outputs so far: " + seenAtStop);

        broker.close();
        // The seller's service keeps uploading. Its sends block while no broker answers (the
        // producer has forgotten the topic's partitions), so they run beside the outage.
        CompletableFuture<Void> uploadsDuringOutage =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < DURING_OUTAGE; i++) {
                    uploads.sendValid("product-" + i % 97);
                  }
                  uploads.flush();
                });
        Thread.sleep(OUTAGE.toMillis());
        KafkaStreams.State duringOutage = app.streams().state();
        broker = EmbeddedKafkaBroker.start(config);
        long restarted = System.nanoTime();
        uploadsDuringOutage.get(2, TimeUnit.MINUTES);

        outputs.awaitAtLeast(inputs, Duration.ofMinutes(3));
        double recoverySeconds = (System.nanoTime() - restarted) / 1e9;
        List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(5));
        Map<String, Long> byTopic = OutputTopics.countByTopic(all);
        System.out.printf(
            "Broker restart: %d uploads before the stop (%d outputs seen at the stop), %d during a"
                + " %d s outage (tagger state then %s); all %d outputs %.1f s after the restart"
                + " %s; tagger state %s%n",
            BEFORE_OUTAGE,
            seenAtStop,
            DURING_OUTAGE,
            OUTAGE.toSeconds(),
            duringOutage,
            all.size(),
            recoverySeconds,
            byTopic,
            app.streams().state());

        ExactlyOnce.assertEveryInputOnce(all, inputs, () -> "outputs by topic: " + byTopic);
        assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
      }
    } finally {
      broker.close();
    }
  }
}
