package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.tagger.traffic.LatencySummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedLatencyTest {

  @Test
  void summarisesAnOddNumberOfRunsByTheirMiddleValues() {
    RepeatedLatency latency = new RepeatedLatency(List.of(run(20, 163), run(12, 88), run(15, 100)));

    assertEquals(15, latency.medianP50());
    assertEquals(100, latency.medianP99());
    assertEquals(88, latency.lowestP99());
    assertEquals(163, latency.highestP99());
  }

  @Test
  void takesTheMeanOfTheTwoMiddleRunsOfAnEvenNumber() {
    RepeatedLatency latency =
        new RepeatedLatency(List.of(run(10, 90), run(30, 200), run(20, 110), run(12, 93)));

    assertEquals(16, latency.medianP50());
    assertEquals(101.5, latency.medianP99());
  }

  @Test
  void needsAtLeastOneRun() {
    assertThrows(IllegalArgumentException.class, () -> new RepeatedLatency(List.of()));
  }

  private static LatencySummary run(double p50, double p99) {
    return new LatencySummary(1000, p50, p50 * 2, p99 * 0.8, p99, p99 * 1.5);
  }
}
