package dev.producttagger.benchmarks.harness;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the Kafka Streams threads spent their time, from the thread-level metrics (averaged over
 * threads): the shares of polling, processing (which includes classifying full batches),
 * punctuating (classifying batches that waited long enough) and committing, over the metrics'
 * sample window (about the last 30-60 s), and the commit latency over the same window.
 */
public record StreamThreadTime(
    double pollRatio,
    double processRatio,
    double punctuateRatio,
    double commitRatio,
    double commitLatencyAvgMs,
    double commitLatencyMaxMs) {

  static final String GROUP = "stream-thread-metrics";

  /** Reads them from {@code KafkaStreams.metrics()}. */
  static StreamThreadTime of(Map<MetricName, ? extends Metric> metrics) {
    return new StreamThreadTime(
        average(metrics, "poll-ratio"),
        average(metrics, "process-ratio"),
        average(metrics, "punctuate-ratio"),
        average(metrics, "commit-ratio"),
        average(metrics, "commit-latency-avg"),
        average(metrics, "commit-latency-max"));
  }

  /** The mean over the stream threads of a thread-level metric; NaN when no thread reports it. */
  private static double average(Map<MetricName, ? extends Metric> metrics, String name) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().group().equals(GROUP) && e.getKey().name().equals(name))
        .map(e -> e.getValue().metricValue())
        .filter(value -> value instanceof Double number && !number.isNaN())
        .mapToDouble(value -> (Double) value)
        .average()
        .orElse(Double.NaN);
  }
}
