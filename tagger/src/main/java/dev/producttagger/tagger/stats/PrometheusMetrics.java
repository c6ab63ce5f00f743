package dev.producttagger.tagger.stats;

import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.tagger.registry.ModelRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The statistics as Prometheus metrics, in a registry of their own so that two tagger instances in
 * one JVM do not share series. Counters read the statistics' own totals when scraped, so {@code
 * /metrics} and {@code /api/stats} never disagree. Latency is a Prometheus histogram besides the
 * HdrHistogram: its fixed buckets can be summed over instances, percentiles cannot.
 */
final class PrometheusMetrics {

  /** Upper bounds in seconds, from a fast batch (10 ms) to a backlog being worked off (5 min). */
  private static final double[] LATENCY_BUCKETS = {
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram latency;

  PrometheusMetrics(
      List<String> categories,
      Supplier<TaggerStatistics.Totals> totals,
      Supplier<Map<String, Long>> bufferDepths,
      Supplier<TaggerStatistics.ForwardPasses> forwardPasses,
      ModelRegistry models) {
    CounterWithCallback.builder()
        .name("tagger_forward_pass_seconds")
        .help(
            "Time the stream threads spent in forward passes (the serving model's and any"
                + " shadow's); its rate over the stream threads' count is their share of time")
        .unit(Unit.SECONDS)
        .callback(callback -> callback.call(forwardPasses.get().nanos() / 1e9))
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_forward_pass_images")
        .help("Images the forward passes classified")
        .callback(callback -> callback.call(forwardPasses.get().images()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tagger_batch_buffer_uploads")
        .help("Uploads waiting in each task's batch buffer for a model or a full batch")
        .labelNames("task")
        .callback(callback -> bufferDepths.get().forEach((task, n) -> callback.call(n, task)))
        .register(registry);
    registerPerCategory(
        "tagger_uploads_tagged",
        "Uploads tagged with confidence at or above the threshold, by category",
        categories,
        () -> totals.get().taggedByCategory());
    registerPerCategory(
        "tagger_uploads_review",
        "Uploads sent to review for low confidence, by category",
        categories,
        () -> totals.get().reviewByCategory());
    registerPerCategory(
        "tagger_reviews_decided",
        "Review requests a reviewer answered with a category (the product's final tag), by"
            + " category",
        categories,
        () -> totals.get().decidedByCategory());
    CounterWithCallback.builder()
        .name("tagger_reviews_rejected")
        .help("Review requests a reviewer answered by rejecting the item")
        .callback(callback -> callback.call(totals.get().rejectedByReviewers()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_shadow_compared")
        .help("Uploads the shadow model classified beside the serving one, since the shadow came")
        .callback(callback -> callback.call(totals.get().shadowCompared()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_shadow_agreed")
        .help("Uploads the shadow and the serving model gave the same category")
        .callback(callback -> callback.call(totals.get().shadowAgreed()))
        .register(registry);
    registerPerCategory(
        "tagger_shadow_decided",
        "Reviewed uploads both models guessed, by the reviewer's category",
        categories,
        () -> totals.get().shadowDecidedByCategory());
    CounterWithCallback.builder()
        .name("tagger_shadow_decided_correct")
        .help("Reviewed uploads a model guessed right, by model role and the reviewer's category")
        .labelNames("role", "category")
        .callback(
            callback -> {
              long[] serving = totals.get().servingCorrectByCategory();
              long[] shadow = totals.get().shadowCorrectByCategory();
              for (int i = 0; i < categories.size(); i++) {
                callback.call(serving[i], "serving", categories.get(i));
                callback.call(shadow[i], "shadow", categories.get(i));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_uploads_rejected")
        .help("Input records (uploads, reviewers' decisions) dead-lettered, by reason")
        .labelNames("reason")
        .callback(
            callback -> {
              long[] rejected = totals.get().rejectedByReason();
              for (RejectionReason reason : RejectionReason.values()) {
                callback.call(rejected[reason.ordinal()], reason.name());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_model_bundles_accepted")
        .help("Model bundles validated and served")
        .callback(callback -> callback.call(models.acceptedCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tagger_model_bundles_rejected")
        .help("Model bundles rejected (the serving model kept serving), by reason")
        .labelNames("reason")
        .callback(callback -> models.rejectedCounts().forEach((r, n) -> callback.call(n, r)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tagger_model_version")
        .help("Version of the serving model; absent until one serves")
        .labelNames("model")
        .callback(
            callback ->
                models.current().ifPresent(m -> callback.call(m.ref().version(), m.ref().name())))
        .register(registry);
    latency =
        Histogram.builder()
            .name("tagger_upload_to_tag_latency_seconds")
            .help("Output emission time minus the upload record's Kafka timestamp")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
  }

  private void registerPerCategory(
      String name, String help, List<String> categories, Supplier<long[]> counts) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("category")
        .callback(
            callback -> {
              long[] byCategory = counts.get();
              for (int i = 0; i < byCategory.length; i++) {
                callback.call(byCategory[i], categories.get(i));
              }
            })
        .register(registry);
  }

  void observeLatency(long millis) {
    latency.observe(Math.max(0, millis) / 1000.0);
  }

  PrometheusRegistry registry() {
    return registry;
  }
}
