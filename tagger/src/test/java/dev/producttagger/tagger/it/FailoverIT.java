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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three tagger JVMs share 6 upload partitions. They first tag 15,000 uploads, the history of a
 * fleet that has been running, then take a steady offered load; one is killed with SIGKILL mid-run
 * and started again on its state directory 16 s later. Run twice, with one standby replica (the
 * default) and with none, it prints for each: uploads lost and duplicated (both must be 0,
 * read_committed), the longest pause in outputs per partition after the kill, how long until both
 * survivors' HTTP APIs answer for a product on every partition, and how long the restarted instance
 * takes to be ready. The figures go to docs/reliability.md; nothing here asserts on time.
 */
class FailoverIT {

  private static final int INSTANCES = 3;
  private static final int PARTITIONS = 6;
  private static final int UPLOADS_PER_SECOND = 100;
  private static final int KILLED = 2;
  private static final Duration BEFORE_KILL = Duration.ofSeconds(6);
  private static final Duration KILLED_FOR = Duration.ofSeconds(16);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(5);

  /**
   * Uploads tagged before the measured run: the history of a fleet that has been running. Under
   * exactly-once, Kafka Streams writes a standby's checkpoint only once its changelogs have moved
   * 10,000 records; until then a promoted standby is wiped and restored like a new owner. {@code
   * -Dfailover.historyUploads=0} measures a fleet fresh from its first start instead.
   */
  private static final int HISTORY_UPLOADS = Integer.getInteger("failover.historyUploads", 15_000);

  /**
   * {@code -Dfailover.stockBroker=true} runs on a broker with Kafka's own limits (sessions of at
   * least 6 s, timed-out transactions aborted every 10 s) instead of the embedded broker's.
   */
  private static final boolean STOCK_BROKER = Boolean.getBoolean("failover.stockBroker");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  /** What one run measured; times in seconds. */
  record Figures(
      int standbyReplicas,
      int history,
      int uploads,
      int failedSends,
      int lost,
      int duplicated,
      double longestGapBeforeKill,
      double[] longestGapAfterKill,
      double apiAnswersAgain,
      double restartedReady) {

    String line() {
      return String.format(
          Locale.ROOT,
          "%s broker, standby replicas %d, %,d uploads before: %,d uploads (%d more sends failed),"
              + " %d lost, %d duplicated; longest gap in outputs per partition after the kill %s s"
              + " (before it %.1f s); survivors' API answers for every partition again %.1f s after"
              + " the kill; restarted instance ready in %.1f s",
          STOCK_BROKER ? "stock" : "embedded",
          standbyReplicas,
          history,
          uploads,
          failedSends,
          lost,
          duplicated,
          Arrays.stream(longestGapAfterKill)
              .mapToObj(gap -> String.format(Locale.ROOT, "%.1f", gap))
              .collect(Collectors.joining(", ", "[", "]")),
          longestGapBeforeKill,
          apiAnswersAgain,
          restartedReady);
    }
  }

  @Test
  void aKilledInstancesPartitionsMoveToTheSurvivorsWithNothingLostOrDoubled() throws Exception {
    // Each run prints its line as it ends: one with the default standby, one without.
    run(1);
    run(0);
  }

  private void run(int standbyReplicas) throws Exception {
    Path dir = work.resolve("standby-" + standbyReplicas);
    EmbeddedKafkaConfig config =
        STOCK_BROKER
            ? EmbeddedKafkaConfig.temporary()
                .withBrokerOverrides(
                    Map.of(
                        "group.min.session.timeout.ms",
                        "6000",
                        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                        "10000"))
            : EmbeddedKafkaConfig.temporary();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
      broker.createTopics(ProductTopics.all(PARTITIONS));
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
      try (TaggerFleet fleet =
              TaggerFleet.on(
                  broker,
                  dir,
                  INSTANCES,
                  List.of("--standby-replicas", Integer.toString(standbyReplicas)));
          OutputTopics outputs =
              new OutputTopics(broker.clientConfigs(), TaggerSettings.defaults())) {
        fleet.startAll(List.of());
        // One product per partition, tagged before the kill: the survivors must answer for each.
        List<String> probes = new ArrayList<>();
        try (UploadProducer uploads =
            new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
          for (int partition = 0; partition < PARTITIONS; partition++) {
            probes.add(TaggerFleet.productOnPartition("probe-", partition, PARTITIONS));
            uploads.sendValid(probes.get(partition));
          }
          uploads.flush();
        }
        assertEquals(
            PARTITIONS,
            outputs.awaitAtLeast(PARTITIONS, Duration.ofMinutes(2)).size(),
            fleet::logs);
        int history = tagHistory(broker, outputs, fleet);

        int sent;
        int failedSends;
        long loadStarted;
        long killedAt;
        long restartedAt;
        double apiAnswersAgain;
        double restartedReady;
        try (SteadyLoad load =
            SteadyLoad.start(broker.clientConfigs(), UPLOADS_PER_SECOND, "product-")) {
          loadStarted = System.nanoTime();
          pollFor(outputs, BEFORE_KILL);
          killedAt = System.nanoTime();
          // The broker's group coordinator logs each rebalance after this, with its reason.
          System.out.println("Failover, member " + KILLED + " killed at " + LocalTime.now());
          fleet.kill(KILLED);
          try (ApiProbe probe = ApiProbe.start(fleet, List.of(0, 1), probes, killedAt)) {
            pollFor(outputs, KILLED_FOR);
            apiAnswersAgain = probe.answersAgainSeconds();
          }
          restartedAt = System.nanoTime();
          fleet.start(KILLED, List.of());
          while (fleet.status(KILLED, "ready") != 200
              && System.nanoTime() - restartedAt < Duration.ofMinutes(2).toNanos()) {
            pollFor(outputs, Duration.ofMillis(200));
          }
          restartedReady = (System.nanoTime() - restartedAt) / 1e9;
          pollFor(outputs, AFTER_RESTART);
          sent = load.stop();
          failedSends = load.failedSends();
        }

        int inputs = PARTITIONS + history + sent;
        outputs.awaitAtLeast(inputs, Duration.ofMinutes(3));
        List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(5));
        Map<String, Long> perInput =
            all.stream()
                .collect(Collectors.groupingBy(OutputTopics.Output::source, Collectors.counting()));
        Figures figures =
            new Figures(
                standbyReplicas,
                history,
                sent,
                failedSends,
                inputs - perInput.size(),
                (int) perInput.values().stream().filter(count -> count > 1).count(),
                Arrays.stream(
                        longestGaps(all, loadStarted + Duration.ofSeconds(2).toNanos(), killedAt))
                    .max()
                    .orElseThrow(),
                longestGaps(all, killedAt, restartedAt),
                apiAnswersAgain,
                restartedReady);
        System.out.println("Failover, " + figures.line());
        ExactlyOnce.assertEveryInputOnce(all, inputs, fleet::logs);
      }
    }
  }

  /** Sends the history uploads as fast as the producer can and waits until all are tagged. */
  private static int tagHistory(
      EmbeddedKafkaBroker broker, OutputTopics outputs, TaggerFleet fleet) {
    if (HISTORY_UPLOADS == 0) {
      return 0;
    }
    try (UploadProducer uploads =
        new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS)) {
      for (int i = 0; i < HISTORY_UPLOADS; i++) {
        uploads.sendValid("history-" + i);
      }
      uploads.flush();
    }
    int expected = PARTITIONS + HISTORY_UPLOADS;
    int tagged = outputs.awaitAtLeast(expected, Duration.ofMinutes(3)).size();
    assertTrue(
        tagged >= expected,
        () -> tagged + " outputs of " + expected + " uploads before the load\n" + fleet.logs());
    return HISTORY_UPLOADS;
  }

  private static void pollFor(OutputTopics outputs, Duration duration) {
    outputs.awaitAtLeast(Integer.MAX_VALUE, duration);
  }

  /**
   * Per upload partition, the longest time between {@code from}, the outputs received within [from,
   * to], and {@code to}, in seconds: with {@code from} the kill, the pause each partition saw.
   */
  private static double[] longestGaps(List<OutputTopics.Output> all, long from, long to) {
    Map<Integer, List<Long>> byPartition =
        all.stream()
            .filter(output -> output.receivedNanos() >= from && output.receivedNanos() <= to)
            .collect(
                Collectors.groupingBy(
                    OutputTopics.Output::sourcePartition,
                    Collectors.mapping(OutputTopics.Output::receivedNanos, Collectors.toList())));
    double[] longest = new double[PARTITIONS];
    for (int partition = 0; partition < PARTITIONS; partition++) {
      List<Long> times = new ArrayList<>(byPartition.getOrDefault(partition, List.of()));
      times.add(from);
      times.add(to);
      times.sort(null);
      for (int i = 1; i < times.size(); i++) {
        longest[partition] = Math.max(longest[partition], (times.get(i) - times.get(i - 1)) / 1e9);
      }
    }
    return longest;
  }
}
