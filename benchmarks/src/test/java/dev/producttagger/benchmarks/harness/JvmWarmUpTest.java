package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JvmWarmUpTest {

  private final JvmWarmUp rule = new JvmWarmUp(0.15, Duration.ofSeconds(240));

  @Test
  void isDoneOnceTheCompilersUseLessThanTheSettledShareOfACore() {
    assertFalse(rule.done(round(0.72), Duration.ofSeconds(6)));
    assertFalse(rule.done(round(0.15), Duration.ofSeconds(60)));
    assertTrue(rule.done(round(0.149), Duration.ofSeconds(66)));
  }

  @Test
  void isDoneAtTheTimeLimitEvenWhileTheCompilersAreBusy() {
    assertFalse(rule.done(round(0.5), Duration.ofSeconds(239)));
    assertTrue(rule.done(round(0.5), Duration.ofSeconds(240)));
  }

  @Test
  void isSettledOnlyByTheCompilersQuieteningNotByTheTimeLimit() {
    assertTrue(rule.settled(round(0.149)));
    assertFalse(rule.settled(round(0.15)));
    assertFalse(rule.settled(round(0.5)));
  }

  @Test
  void refusesAThresholdThatCouldNeverBeMetAndANegativeLimit() {
    assertThrows(IllegalArgumentException.class, () -> new JvmWarmUp(0, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class, () -> new JvmWarmUp(Double.NaN, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new JvmWarmUp(0.1, Duration.ofSeconds(-1)));
  }

  private static JvmWarmUp.Round round(double jitCores) {
    return new JvmWarmUp.Round(1, 10_000, 1_800, jitCores);
  }
}
