package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

  @Test
  void cpuTimeIsTurnedIntoCoresOverTheWallClockBetweenTwoReadings() {
    CpuTime start = new CpuTime(40_000_000_000L, 1_000, 5_000_000_000L);
    CpuTime twoSecondsLater = new CpuTime(43_100_000_000L, 2_500, 7_000_000_000L);

    CpuTime.Usage usage = twoSecondsLater.since(start);

    assertEquals(1.55, usage.processCores(), 1e-12);
    assertEquals(0.75, usage.jitCores(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> start.since(twoSecondsLater));
    assertThrows(IllegalArgumentException.class, () -> start.since(start));
  }

  @Test
  void readsThisJvmsCpuTimeAsItGrows() {
    CpuTime first = CpuTime.now();
    long spin = 0;
    while (System.nanoTime() - first.nanoTime() < 50_000_000L) {
      spin += Long.numberOfTrailingZeros(System.nanoTime());
    }
    CpuTime second = CpuTime.now();

    assertTrue(spin > 0);
    assertTrue(first.compilingMillis() >= 0);
    assertTrue(second.compilingMillis() >= first.compilingMillis());
    assertTrue(
        second.processCpuNanos() - first.processCpuNanos() >= 10_000_000L,
        "50 ms of busy work must show as CPU time");
  }
}
