package dev.producttagger.tagger.traffic;

import java.util.Collection;

/** Upload-to-output latency percentiles in milliseconds (nearest-rank), over every output. */
public record LatencySummary(
    int count, double p50, double p90, double p95, double p99, double max) {

  static LatencySummary ofNanos(Collection<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new LatencySummary(
        sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
  }

  /** Nearest-rank percentile: the smallest value with at least p% of values at or below it. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
