package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class StreamThreadTimeTest {

  private final Map<MetricName, Metric> metrics = new HashMap<>();

  @Test
  void averagesEachThreadLevelMetricOverTheThreads() {
    put(StreamThreadTime.GROUP, "commit-ratio", "thread-1", 0.2);
    put(StreamThreadTime.GROUP, "commit-ratio", "thread-2", 0.4);
    put(StreamThreadTime.GROUP, "poll-ratio", "thread-1", 0.5);
    put(StreamThreadTime.GROUP, "process-ratio", "thread-1", 0.1);
    put(StreamThreadTime.GROUP, "punctuate-ratio", "thread-1", 0.2);
    put(StreamThreadTime.GROUP, "commit-latency-avg", "thread-1", 8.0);
    put(StreamThreadTime.GROUP, "commit-latency-max", "thread-1", 120.0);

    StreamThreadTime time = StreamThreadTime.of(metrics);

    assertEquals(0.3, time.commitRatio(), 1e-9);
    assertEquals(0.5, time.pollRatio(), 1e-9);
    assertEquals(0.1, time.processRatio(), 1e-9);
    assertEquals(0.2, time.punctuateRatio(), 1e-9);
    assertEquals(8.0, time.commitLatencyAvgMs(), 1e-9);
    assertEquals(120.0, time.commitLatencyMaxMs(), 1e-9);
  }

  @Test
  void ignoresOtherGroupsAndThreadsThatHaveNotMeasuredYet() {
    put("stream-task-metrics", "commit-ratio", "thread-1", 0.9);
    put(StreamThreadTime.GROUP, "commit-ratio", "thread-1", Double.NaN);
    put(StreamThreadTime.GROUP, "commit-ratio", "thread-2", 0.25);

    StreamThreadTime time = StreamThreadTime.of(metrics);

    assertEquals(0.25, time.commitRatio(), 1e-9);
    assertTrue(Double.isNaN(time.pollRatio()), "no thread reported poll-ratio");
  }

  private void put(String group, String name, String thread, double value) {
    MetricName metricName = new MetricName(name, group, "", Map.of("thread-id", thread));
    metrics.put(
        metricName,
        new Metric() {
          @Override
          public MetricName metricName() {
            return metricName;
          }

          @Override
          public Object metricValue() {
            return value;
          }
        });
  }
}
