package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade under a steady offered load: three tagger JVMs running with batches of 32 are
 * replaced one at a time, each stopped with SIGTERM as a supervisor stops it and started again on
 * its state directory with batches of 64, the next only once the last is ready. Every upload still
 * has exactly one output (read_committed), and the dashboards keep counting: after each step the
 * fleet has tagged within the last minute and the new instance counts its own outputs.
 */
class RollingUpgradeIT {

  private static final int INSTANCES = 3;
  private static final int PARTITIONS = 6;
  private static final int UPLOADS_PER_SECOND = 100;
  private static final List<String> OLD_BUILD = List.of("--batch-size", "32");
  private static final List<String> NEW_BUILD = List.of("--batch-size", "64");
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void replacingEveryInstanceOneAtATimeLosesAndDoublesNothing() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(PARTITIONS));
      TestCluster.publishModel(broker, "tiny", TestModels.tinyBundleBytes("tiny", 1, 5));
      try (TaggerFleet fleet = TaggerFleet.on(broker, work, INSTANCES, List.of());
          OutputTopics outputs =
              new OutputTopics(broker.clientConfigs(), TaggerSettings.defaults())) {
        fleet.startAll(OLD_BUILD);

        List<String> steps = new ArrayList<>();
        long started = System.nanoTime();
        int sent;
        try (SteadyLoad load =
            SteadyLoad.start(broker.clientConfigs(), UPLOADS_PER_SECOND, "product-")) {
          outputs.awaitAtLeast(Integer.MAX_VALUE, SETTLE);
          for (int step = 0; step < INSTANCES; step++) {
            int member = step;
            long stepStarted = System.nanoTime();
            fleet.stop(member);
            fleet.start(member, NEW_BUILD);
            while (fleet.status(member, "ready") != 200
                && System.nanoTime() - stepStarted < Duration.ofMinutes(2).toNanos()) {
              outputs.awaitAtLeast(Integer.MAX_VALUE, Duration.ofMillis(200));
            }
            double replacedIn = (System.nanoTime() - stepStarted) / 1e9;
            outputs.awaitAtLeast(Integer.MAX_VALUE, SETTLE);
            long fleetLastMinute = 0;
            for (int other = 0; other < INSTANCES; other++) {
              fleetLastMinute += window(stats(fleet, other), "1m");
            }
            long ownOutputs = window(stats(fleet, member), "sinceStart");
            steps.add(
                String.format(
                    Locale.ROOT,
                    "member %d replaced in %.1f s, then counted %d outputs of its own; fleet's"
                        + " last minute %d",
                    member,
                    replacedIn,
                    ownOutputs,
                    fleetLastMinute));
            assertTrue(fleetLastMinute > 0, () -> "the fleet stopped counting\n" + fleet.logs());
            assertTrue(
                ownOutputs > 0,
                () -> "member " + member + " counts nothing after its upgrade\n" + fleet.logs());
          }
          sent = load.stop();
          steps.add(load.failedSends() + " sends failed");
        }
        outputs.awaitAtLeast(sent, Duration.ofMinutes(3));
        List<OutputTopics.Output> all = outputs.drain(Duration.ofSeconds(5));
        System.out.printf(
            Locale.ROOT,
            "Rolling upgrade: %,d uploads over %.0f s, %,d outputs; %s%n",
            sent,
            (System.nanoTime() - started) / 1e9,
            all.size(),
            String.join("; ", steps));
        ExactlyOnce.assertEveryInputOnce(all, sent, fleet::logs);
      }
    }
  }

  private static JsonNode stats(TaggerFleet fleet, int member) throws IOException {
    TaggerFleet.Response response = fleet.get(member, "api/stats");
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "member " + member + " /api/stats answered " + response.statusCode() + fleet.logs());
    }
    return JSON.readTree(response.body());
  }

  /** The outputs counted in the named window of a {@code /api/stats} body. */
  private static long window(JsonNode stats, String name) {
    for (JsonNode window : stats.get("windows")) {
      if (window.get("name").asText().equals(name)) {
        return window.get("outputs").asLong();
      }
    }
    throw new AssertionError("no window " + name + " in " + stats);
  }
}
