package dev.producttagger.tagger.app;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scaling signal: how many uploads wait on each upload partition this instance consumes, as
 * Kafka's own consumer measures it ({@code records-lag}), exported as {@code
 * tagger_upload_consumer_lag{partition}}. Lag that keeps growing means the fleet is too small.
 */
public final class UploadLag {

  /** The gauge's name at /metrics. */
  public static final String METRIC = "tagger_upload_consumer_lag";

  private static final String FETCH_METRICS = "consumer-fetch-manager-metrics";
  private static final String RECORDS_LAG = "records-lag";

  private UploadLag() {}

  static void register(PrometheusRegistry registry, KafkaStreams streams, String uploadsTopic) {
    GaugeWithCallback.builder()
        .name(METRIC)
        .help("Uploads waiting on each upload partition this instance consumes (records-lag)")
        .labelNames("partition")
        .callback(
            callback -> {
              for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
                MetricName name = metric.getKey();
                Object value = metric.getValue().metricValue();
                if (name.group().equals(FETCH_METRICS)
                    && name.name().equals(RECORDS_LAG)
                    && uploadsTopic.equals(name.tags().get("topic"))
                    && value instanceof Double lag
                    && !lag.isNaN()) {
                  callback.call(lag, name.tags().get("partition"));
                }
              }
            })
        .register(registry);
  }
}
