package dev.producttagger.benchmarks.harness;

import java.time.Duration;

/**
 * When a benchmark JVM is warm: its JIT compilers used less than {@code settledCores} of a core
 * during the last warm-up round, or warming up has taken {@code limit}.
 */
public record JvmWarmUp(double settledCores, Duration limit) {

  /** One round of warm-up traffic: its throughput and the compilers' work meanwhile. */
  public record Round(int number, int uploads, double uploadsPerSecond, double jitCores) {}

  public JvmWarmUp {
    if (!(settledCores > 0)) {
      throw new IllegalArgumentException("settledCores must be positive, not " + settledCores);
    }
    if (limit.isNegative()) {
      throw new IllegalArgumentException("limit must not be negative, not " + limit);
    }
  }

  /** Whether to stop after {@code last}, {@code elapsed} after warming up began. */
  public boolean done(Round last, Duration elapsed) {
    return settled(last) || elapsed.compareTo(limit) >= 0;
  }

  /** Whether the compilers had quietened down during {@code round}. */
  public boolean settled(Round round) {
    return round.jitCores() < settledCores;
  }
}
