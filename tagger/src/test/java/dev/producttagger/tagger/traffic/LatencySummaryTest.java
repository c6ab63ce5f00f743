package dev.producttagger.tagger.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void nearestRankPercentilesInMilliseconds() {
    List<Long> nanos = new ArrayList<>();
    for (long ms = 100; ms >= 1; ms--) {
      nanos.add(ms * 1_000_000);
    }

    LatencySummary summary = LatencySummary.ofNanos(nanos);

    assertEquals(100, summary.count());
    assertEquals(50.0, summary.p50());
    assertEquals(90.0, summary.p90());
    assertEquals(99.0, summary.p99());
    assertEquals(100.0, summary.max());
  }

  @Test
  void aSingleValueIsEveryPercentileAndNoValuesAreNaN() {
    LatencySummary one = LatencySummary.ofNanos(List.of(3_500_000L));
    assertEquals(3.5, one.p50());
    assertEquals(3.5, one.p99());

    LatencySummary none = LatencySummary.ofNanos(List.of());
    assertEquals(0, none.count());
    assertTrue(Double.isNaN(none.p50()));
    assertTrue(Double.isNaN(none.max()));
  }
}
