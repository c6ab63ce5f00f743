package dev.producttagger.tagger.stats;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.tagger.registry.ModelRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.apache.kafka.common.config.ConfigException;

/**
 * What one tagger instance has done since it started: every output (category, confidence, review or
 * not, upload-to-tag latency), every dead letter, and the model registry's offers. Fed by the
 * topology's processor and exception handlers, read by the HTTP API. Thread-safe: stream threads
 * record while HTTP threads read.
 *
 * <p>Memory is fixed: windows are a ring of per-second counters covering 15 minutes, latencies are
 * fixed-size histograms, and only the newest {@value #REVIEW_ITEMS_KEPT} review items are kept.
 *
 * <p>It counts what this process emitted. Under exactly-once, an output whose transaction later
 * aborts (a crash or fencing mid-commit) is counted here although downstream readers never see it.
 */
public final class TaggerStatistics {

  /**
   * The Kafka Streams property under which the exception handlers, which Kafka Streams creates from
   * class names, find the instance to record dead letters in.
   */
  public static final String CONFIG_KEY = "producttagger.statistics";

  /** How many of the newest review items are kept for the dashboard. */
  public static final int REVIEW_ITEMS_KEPT = 20;

  /** The sliding windows {@link StatisticsSnapshot#windows()} reports before "sinceStart". */
  private static final List<SlidingWindow> SLIDING_WINDOWS =
      List.of(
          new SlidingWindow("1m", 60), new SlidingWindow("5m", 300), new SlidingWindow("15m", 900));

  private static final int THROUGHPUT_SECONDS = 10;

  private final ModelRegistry models;
  private final Clock clock;
  private final Instant startedAt;
  private final List<String> categories = FashionCategories.NAMES;

  /** Per second: tagged counts by category, then review counts by category. */
  private final TimeSlices<long[]> perSecond;

  private final long[] sinceStart;
  private final long[] rejectedByReason = new long[RejectionReason.values().length];
  private final long[] decidedByCategory = new long[categories.size()];
  private final ShadowStatistics shadow = new ShadowStatistics(categories);

  /** Uploads waiting in each task's batch buffer: a scaling signal beside the consumer lag. */
  private final Map<String, AtomicLong> bufferDepthByTask = new ConcurrentHashMap<>();

  // Summed by every stream thread without a lock: read only by scrapes and benchmarks.
  private final LongAdder forwardPassNanos = new LongAdder();
  private final LongAdder forwardPassImages = new LongAdder();

  private long rejectedByReviewers;
  private final LatencyHistograms latency = new LatencyHistograms();
  private final ArrayDeque<PendingReview> reviews = new ArrayDeque<>(REVIEW_ITEMS_KEPT);
  private final PrometheusMetrics prometheus;

  private record SlidingWindow(String name, int seconds) {}

  /** Since-start totals, copied under the lock for the Prometheus callbacks. */
  record Totals(
      long[] taggedByCategory,
      long[] reviewByCategory,
      long[] rejectedByReason,
      long[] decidedByCategory,
      long rejectedByReviewers,
      long shadowCompared,
      long shadowAgreed,
      long[] shadowDecidedByCategory,
      long[] servingCorrectByCategory,
      long[] shadowCorrectByCategory) {}

  /** A review item as recorded; its thumbnail is encoded only when someone asks for it. */
  private record PendingReview(TagReviewRequested review, ModelInput input) {}

  /**
   * @param models whose serving model and bundle outcomes the statistics report
   * @param clock the wall clock the windows slide with
   */
  public TaggerStatistics(ModelRegistry models, Clock clock) {
    this.models = models;
    this.clock = clock;
    this.startedAt = clock.instant();
    int counters = 2 * categories.size();
    this.perSecond =
        new TimeSlices<>(
            SLIDING_WINDOWS.stream().mapToInt(SlidingWindow::seconds).max().orElseThrow(),
            1000,
            () -> new long[counters],
            c -> Arrays.fill(c, 0));
    this.sinceStart = new long[counters];
    this.prometheus =
        new PrometheusMetrics(
            categories, this::totals, this::bufferDepths, this::forwardPasses, models);
  }

  /** The instance Kafka Streams' properties carry under {@link #CONFIG_KEY}. */
  public static TaggerStatistics fromConfigs(Map<String, ?> configs) {
    if (configs.get(CONFIG_KEY) instanceof TaggerStatistics statistics) {
      return statistics;
    }
    throw new ConfigException(
        CONFIG_KEY + " must hold the instance's TaggerStatistics, not " + configs.get(CONFIG_KEY));
  }

  /**
   * Records a published tag.
   *
   * @param uploadTimestampMillis the upload record's Kafka timestamp
   */
  public void recordTagged(ProductTagged tag, long uploadTimestampMillis) {
    recordOutput(tag.category().index(), false, tag.taggedAt(), uploadTimestampMillis);
  }

  /**
   * Records a request for review, keeping it with the image the model saw.
   *
   * @param uploadTimestampMillis the upload record's Kafka timestamp
   */
  public synchronized void recordReview(
      TagReviewRequested review, long uploadTimestampMillis, ModelInput modelInput) {
    recordOutput(review.category().index(), true, review.taggedAt(), uploadTimestampMillis);
    if (reviews.size() == REVIEW_ITEMS_KEPT) {
      reviews.removeFirst();
    }
    reviews.addLast(new PendingReview(review, modelInput));
  }

  /** A reviewer's decision, turned into a final tag or a rejection. */
  public synchronized void recordDecision(TagDecided decision) {
    if (decision.rejected()) {
      rejectedByReviewers++;
    } else {
      decidedByCategory[decision.category().index()]++;
    }
  }

  /**
   * The gauge of {@code task}'s batch buffer depth, for its stream thread to set as uploads come
   * and go: one lookup when the task starts, not one per upload.
   */
  public AtomicLong bufferDepth(String task) {
    return bufferDepthByTask.computeIfAbsent(task, t -> new AtomicLong());
  }

  /** A task this instance no longer runs has no buffer here. */
  public void forgetBuffer(String task) {
    bufferDepthByTask.remove(task);
  }

  /** Time in the forward passes of this instance's batches so far, and the images they held. */
  public record ForwardPasses(long nanos, long images) {}

  /**
   * Records one batch's forward passes: the serving model's, and the shadow's when one ran.
   *
   * @param nanos the wall-clock time they took
   */
  public void recordForwardPass(long nanos, int images) {
    forwardPassNanos.add(nanos);
    forwardPassImages.add(images);
  }

  public ForwardPasses forwardPasses() {
    return new ForwardPasses(forwardPassNanos.sum(), forwardPassImages.sum());
  }

  /** Uploads waiting in each task's batch buffer, by task id. */
  Map<String, Long> bufferDepths() {
    Map<String, Long> depths = new java.util.TreeMap<>();
    bufferDepthByTask.forEach((task, depth) -> depths.put(task, depth.get()));
    return depths;
  }

  /** The shadow model's category and the serving model's for one upload. */
  public synchronized void recordShadowComparison(
      ModelRef shadowModel, ModelRef servingModel, int shadowGuess, int servingGuess) {
    shadow.compare(shadowModel, servingModel, shadowGuess, servingGuess);
  }

  /**
   * A reviewer's category for an upload that the serving model guessed {@code servingGuess} and the
   * shadow {@code shadowGuess}: how often each is right, for promotion.
   */
  public synchronized void recordShadowDecision(
      ModelRef shadowModel, int label, int servingGuess, int shadowGuess) {
    shadow.decided(shadowModel, label, servingGuess, shadowGuess);
  }

  public synchronized void recordRejection(RejectionReason reason) {
    rejectedByReason[reason.ordinal()]++;
  }

  private synchronized void recordOutput(
      int category, boolean review, Instant taggedAt, long uploadTimestampMillis) {
    int counter = review ? categories.size() + category : category;
    long now = clock.millis();
    perSecond.at(now)[counter]++;
    sinceStart[counter]++;
    long latencyMillis = taggedAt.toEpochMilli() - uploadTimestampMillis;
    latency.record(now, latencyMillis);
    prometheus.observeLatency(latencyMillis);
  }

  /** Everything at one moment. */
  public synchronized StatisticsSnapshot snapshot() {
    Instant now = clock.instant();
    long secondsSinceStart = Math.max(1, now.getEpochSecond() - startedAt.getEpochSecond());
    List<StatisticsSnapshot.Window> windows = new ArrayList<>();
    for (SlidingWindow sliding : SLIDING_WINDOWS) {
      long[] counts = sum(perSecond.latest(now.toEpochMilli(), sliding.seconds()));
      windows.add(window(sliding.name(), sliding.seconds(), counts));
    }
    StatisticsSnapshot.Window total = window("sinceStart", secondsSinceStart, sinceStart);
    windows.add(total);
    long recentOutputs =
        LongStream.of(sum(perSecond.latest(now.toEpochMilli(), THROUGHPUT_SECONDS))).sum();
    StatisticsSnapshot.Throughput throughput =
        new StatisticsSnapshot.Throughput(
            (double) recentOutputs / Math.min(THROUGHPUT_SECONDS, secondsSinceStart),
            (double) total.outputs() / secondsSinceStart);
    return new StatisticsSnapshot(
        now,
        startedAt,
        windows,
        throughput,
        latency.summaries(now.toEpochMilli()),
        rejections(),
        new StatisticsSnapshot.Decisions(
            LongStream.of(decidedByCategory).sum(), rejectedByReviewers),
        new StatisticsSnapshot.ModelBundles(models.acceptedCount(), models.rejectedCounts()),
        models.current().map(StatisticsSnapshot.Model::of).orElse(null),
        shadow.snapshot());
  }

  /** The newest review items, newest first, at most {@code limit}. */
  public List<ReviewItem> recentReviews(int limit) {
    List<PendingReview> newestFirst = new ArrayList<>(limit);
    synchronized (this) {
      Iterator<PendingReview> it = reviews.descendingIterator();
      while (it.hasNext() && newestFirst.size() < limit) {
        newestFirst.add(it.next());
      }
    }
    // PNG encoding happens outside the lock, so stream threads never wait for it.
    return newestFirst.stream().map(TaggerStatistics::toItem).toList();
  }

  /** The statistics as Prometheus metrics. */
  public PrometheusRegistry prometheusRegistry() {
    return prometheus.registry();
  }

  synchronized Totals totals() {
    int n = categories.size();
    return new Totals(
        Arrays.copyOfRange(sinceStart, 0, n),
        Arrays.copyOfRange(sinceStart, n, 2 * n),
        rejectedByReason.clone(),
        decidedByCategory.clone(),
        rejectedByReviewers,
        shadow.compared(),
        shadow.agreed(),
        shadow.decidedByCategory(),
        shadow.correctByCategory(false),
        shadow.correctByCategory(true));
  }

  private StatisticsSnapshot.Window window(String name, long seconds, long[] counts) {
    int n = categories.size();
    List<StatisticsSnapshot.Category> byCategory = new ArrayList<>(n);
    long tagged = 0;
    long review = 0;
    for (int i = 0; i < n; i++) {
      byCategory.add(
          new StatisticsSnapshot.Category(
              i, categories.get(i), counts[i] + counts[n + i], counts[i], counts[n + i]));
      tagged += counts[i];
      review += counts[n + i];
    }
    long outputs = tagged + review;
    double reviewRate = outputs == 0 ? 0 : (double) review / outputs;
    return new StatisticsSnapshot.Window(
        name, seconds, outputs, tagged, review, reviewRate, byCategory);
  }

  private long[] sum(List<long[]> slices) {
    long[] sums = new long[2 * categories.size()];
    for (long[] slice : slices) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += slice[i];
      }
    }
    return sums;
  }

  private StatisticsSnapshot.Rejections rejections() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    long total = 0;
    for (RejectionReason reason : RejectionReason.values()) {
      byReason.put(reason.name(), rejectedByReason[reason.ordinal()]);
      total += rejectedByReason[reason.ordinal()];
    }
    return new StatisticsSnapshot.Rejections(total, byReason);
  }

  private static ReviewItem toItem(PendingReview pending) {
    TagReviewRequested review = pending.review();
    return new ReviewItem(
        review.productId(),
        review.eventId(),
        review.sellerId(),
        review.category(),
        review.confidence(),
        review.threshold(),
        review.top(),
        review.model(),
        review.taggedAt(),
        Thumbnails.pngDataUrl(pending.input()));
  }
}
