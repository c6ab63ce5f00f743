package dev.producttagger.benchmarks.harness;

import dev.producttagger.tagger.traffic.LatencySummary;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Latency percentiles of several identical runs at one offered load, summarised by their medians.
 * On a shared 2-core machine one run's p99 can differ from the next one's by 2x, so a single run
 * cannot say whether a latency target is met.
 *
 * @param runs each run's latency summary, at least one
 */
public record RepeatedLatency(List<LatencySummary> runs) {

  public RepeatedLatency {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to summarise");
    }
    runs = List.copyOf(runs);
  }

  public double medianP50() {
    return median(LatencySummary::p50);
  }

  public double medianP99() {
    return median(LatencySummary::p99);
  }

  public double lowestP99() {
    return values(LatencySummary::p99)[0];
  }

  public double highestP99() {
    double[] p99s = values(LatencySummary::p99);
    return p99s[p99s.length - 1];
  }

  /** The middle value, or the mean of the two middle ones for an even count. */
  private double median(ToDoubleFunction<LatencySummary> percentile) {
    double[] sorted = values(percentile);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private double[] values(ToDoubleFunction<LatencySummary> percentile) {
    double[] values = runs.stream().mapToDouble(percentile).toArray();
    Arrays.sort(values);
    return values;
  }
}
