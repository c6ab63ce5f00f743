package dev.producttagger.tagger.stats;

import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.ClassMetrics;
import dev.producttagger.schemas.bundle.Metrics;
import dev.producttagger.schemas.events.ModelRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one tagger instance has done, at one moment: the body of {@code GET /api/stats}. Counts are
 * of this instance's outputs since it started; every window's counts come from the same moment.
 *
 * @param windows the last minute, 5 minutes, 15 minutes, and the time since start, in that order
 * @param latencyMillis upload-to-tag latency over the last minute and since start
 * @param model the serving model, null until one serves
 */
public record StatisticsSnapshot(
    Instant generatedAt,
    Instant startedAt,
    List<Window> windows,
    Throughput throughput,
    List<Latency> latencyMillis,
    Rejections rejections,
    Decisions reviewDecisions,
    ModelBundles modelBundles,
    Model model,
    Shadow shadow) {

  /**
   * Outputs within one window.
   *
   * @param name "1m", "5m", "15m" or "sinceStart"
   * @param seconds the window's length; for "sinceStart" the seconds since start
   * @param reviewRate the share of outputs sent to review (low confidence); 0 without outputs
   * @param categories every category, in the model's class order, with its counts
   */
  public record Window(
      String name,
      long seconds,
      long outputs,
      long tagged,
      long review,
      double reviewRate,
      List<Category> categories) {}

  /** Outputs of one category within a window: tagged plus sent to review. */
  public record Category(int index, String name, long outputs, long tagged, long review) {}

  /**
   * Outputs per second.
   *
   * @param last10s over the last 10 seconds (or since start, if shorter)
   */
  public record Throughput(double last10s, double sinceStart) {}

  /**
   * Upload-to-tag latency percentiles in milliseconds: when the output was emitted minus the upload
   * record's Kafka timestamp. Values are exact to two significant digits.
   *
   * @param name "1m" or "sinceStart"
   */
  public record Latency(String name, long count, long p50, long p90, long p99, long max) {}

  /** Dead-lettered uploads: every reason, zero or not. */
  public record Rejections(long total, Map<String, Long> byReason) {}

  /**
   * Reviewers' decisions this instance turned into outcomes since it started.
   *
   * @param tagged decisions that chose a category: the product's final tag
   * @param rejected decisions that rejected the item
   */
  public record Decisions(long tagged, long rejected) {}

  /** One category's decided uploads and how many each model got right. */
  public record ShadowClassAccuracy(
      int index, String name, long decided, long servingCorrect, long shadowCorrect) {}

  /**
   * The shadow model beside the serving one on this instance since the shadow arrived; absent when
   * no shadow runs.
   *
   * @param compared uploads both models classified
   * @param agreed of those, how many got the same category from both
   */
  public record Shadow(
      ModelRef shadow,
      ModelRef serving,
      long compared,
      long agreed,
      double agreement,
      long decided,
      long servingCorrect,
      long shadowCorrect,
      List<ShadowClassAccuracy> perClass) {}

  /** What became of the model bundles offered to this instance. */
  public record ModelBundles(long accepted, Map<String, Long> rejectedByReason) {}

  /**
   * The serving model as its manifest describes it.
   *
   * @param reviewThreshold the threshold the trainer chose; null if it chose none. The threshold in
   *     force (it may be overridden) is on each review item.
   */
  public record Model(
      String name,
      long version,
      String sha256,
      String architecture,
      Instant createdAt,
      long parameterCount,
      double testAccuracy,
      Double validationAccuracy,
      Double reviewThreshold,
      List<ClassMetrics> perClass) {

    static Model of(ServingModel serving) {
      Metrics metrics = serving.manifest().metrics();
      return new Model(
          serving.ref().name(),
          serving.ref().version(),
          serving.ref().sha256(),
          serving.manifest().architecture(),
          serving.manifest().createdAt(),
          serving.manifest().parameterCount(),
          metrics.testAccuracy(),
          metrics.validationAccuracy(),
          metrics.reviewThreshold(),
          metrics.perClass());
    }
  }
}
