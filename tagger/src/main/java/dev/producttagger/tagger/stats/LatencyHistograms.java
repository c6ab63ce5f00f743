package dev.producttagger.tagger.stats;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Upload-to-tag latencies in HdrHistogram form, since start and over the last minute (in 10 s
 * slices). Each histogram has a fixed size: values are kept to two significant digits and capped at
 * {@link #MAX_TRACKED}. Not thread-safe: {@link TaggerStatistics} guards it.
 */
final class LatencyHistograms {

  /**
   * Latencies beyond this are recorded as this. A replay of old uploads then shows as "a day or
   * more" instead of growing the histograms.
   */
  static final Duration MAX_TRACKED = Duration.ofDays(1);

  static final String RECENT = "1m";
  static final String SINCE_START = "sinceStart";

  private static final int SIGNIFICANT_DIGITS = 2;
  private static final long SLICE_MILLIS = 10_000;
  private static final int RECENT_SLICES = 6;

  private final Histogram sinceStart = newHistogram();
  private final TimeSlices<Histogram> recent =
      new TimeSlices<>(
          RECENT_SLICES, SLICE_MILLIS, LatencyHistograms::newHistogram, Histogram::reset);

  void record(long nowEpochMillis, long latencyMillis) {
    long tracked = Math.min(Math.max(0, latencyMillis), MAX_TRACKED.toMillis());
    sinceStart.recordValue(tracked);
    recent.at(nowEpochMillis).recordValue(tracked);
  }

  /** The last minute's percentiles, then those since start. */
  List<StatisticsSnapshot.Latency> summaries(long nowEpochMillis) {
    Histogram lastMinute = newHistogram();
    recent.latest(nowEpochMillis, RECENT_SLICES).forEach(lastMinute::add);
    return List.of(summary(RECENT, lastMinute), summary(SINCE_START, sinceStart));
  }

  private static StatisticsSnapshot.Latency summary(String window, Histogram histogram) {
    return new StatisticsSnapshot.Latency(
        window,
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getMaxValue());
  }

  private static Histogram newHistogram() {
    return new Histogram(MAX_TRACKED.toMillis(), SIGNIFICANT_DIGITS);
  }
}
