package dev.producttagger.tagger.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.PrometheusText;
import dev.producttagger.tagger.TestEvents;
import dev.producttagger.tagger.TestThumbnails;
import dev.producttagger.tagger.registry.ModelRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TaggerStatisticsTest {

  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
  private final TaggerStatistics statistics = new TaggerStatistics(registry, clock);
  private int nextProduct;

  private void tag(int category, long latencyMillis) {
    statistics.recordTagged(
        TestEvents.tagged("p-" + nextProduct++, category, clock.instant()),
        clock.millis() - latencyMillis);
  }

  private TagReviewRequested review(int category, byte[] pixels) {
    TagReviewRequested review = TestEvents.review("p-" + nextProduct++, category, clock.instant());
    statistics.recordReview(review, clock.millis(), new ModelInput(pixels));
    return review;
  }

  private Map<String, StatisticsSnapshot.Window> windows() {
    Map<String, StatisticsSnapshot.Window> byName = new java.util.LinkedHashMap<>();
    statistics.snapshot().windows().forEach(w -> byName.put(w.name(), w));
    return byName;
  }

  private static long count(StatisticsSnapshot.Window window, int category) {
    return window.categories().get(category).outputs();
  }

  @Test
  void windowsSlideWhileTheTotalSinceStartKeepsEverything() {
    tag(0, 5);
    clock.advance(Duration.ofSeconds(30));
    tag(1, 5);
    review(1, new byte[784]);

    Map<String, StatisticsSnapshot.Window> now = windows();
    assertEquals(List.of("1m", "5m", "15m", "sinceStart"), List.copyOf(now.keySet()));
    assertEquals(3, now.get("1m").outputs());
    assertEquals(2, count(now.get("1m"), 1));
    assertEquals(30, now.get("sinceStart").seconds());

    clock.advance(Duration.ofSeconds(45));
    Map<String, StatisticsSnapshot.Window> later = windows();
    assertEquals(2, later.get("1m").outputs(), "the first tag is 75 s old");
    assertEquals(0, count(later.get("1m"), 0));
    assertEquals(3, later.get("5m").outputs());

    clock.advance(Duration.ofMinutes(15));
    Map<String, StatisticsSnapshot.Window> quiet = windows();
    assertEquals(0, quiet.get("1m").outputs());
    assertEquals(0, quiet.get("5m").outputs());
    assertEquals(0, quiet.get("15m").outputs());
    assertEquals(3, quiet.get("sinceStart").outputs());
    assertEquals(1, count(quiet.get("sinceStart"), 0));
    assertEquals(2, count(quiet.get("sinceStart"), 1));
  }

  @Test
  void theRingOfSecondsIsReusedCorrectlyAfterWrappingManyTimes() {
    // One tag a second for two hours: the 15-minute ring wraps eight times.
    for (int second = 0; second < 7200; second++) {
      tag(second % 10, 1);
      clock.advance(Duration.ofSeconds(1));
    }
    Map<String, StatisticsSnapshot.Window> now = windows();
    // The window includes the current second, which has no tag yet.
    assertEquals(59, now.get("1m").outputs());
    assertEquals(299, now.get("5m").outputs());
    assertEquals(899, now.get("15m").outputs());
    assertEquals(7200, now.get("sinceStart").outputs());
    assertEquals(720, count(now.get("sinceStart"), 3));
  }

  @Test
  void reviewRateIsTheShareOfOutputsSentToReviewAndZeroWithoutOutputs() {
    assertEquals(0.0, windows().get("1m").reviewRate());
    tag(2, 1);
    tag(2, 1);
    tag(3, 1);
    review(3, new byte[784]);

    StatisticsSnapshot.Window window = windows().get("5m");
    assertEquals(0.25, window.reviewRate());
    assertEquals(3, window.tagged());
    assertEquals(1, window.review());
    StatisticsSnapshot.Category dresses = window.categories().get(3);
    assertEquals("Dress", dresses.name());
    assertEquals(2, dresses.outputs());
    assertEquals(1, dresses.review());
  }

  @Test
  void latencyPercentilesComeFromTheRecordedLatencies() {
    for (int latency = 1; latency <= 100; latency++) {
      tag(0, latency);
    }
    StatisticsSnapshot.Latency sinceStart = latency("sinceStart");
    assertEquals(100, sinceStart.count());
    assertEquals(50, sinceStart.p50());
    assertEquals(90, sinceStart.p90());
    assertEquals(99, sinceStart.p99());
    assertEquals(100, sinceStart.max());
  }

  @Test
  void theLastMinutesLatencyForgetsOlderOutputs() {
    tag(0, 2_000);
    clock.advance(Duration.ofSeconds(70));
    tag(0, 10);

    assertEquals(1, latency("1m").count());
    assertEquals(10, latency("1m").max());
    assertEquals(2, latency("sinceStart").count());
    // Two significant digits: 2,000 is kept as a value within 1% of it.
    assertEquals(2_000, latency("sinceStart").max(), 20);
  }

  @Test
  void latencyBeforeTheUploadsTimestampCountsAsZeroAndAVeryLateOneIsCapped() {
    tag(0, -500);
    tag(0, Duration.ofDays(30).toMillis());

    StatisticsSnapshot.Latency latency = latency("sinceStart");
    assertEquals(0, latency.p50());
    long cap = LatencyHistograms.MAX_TRACKED.toMillis();
    assertEquals(cap, latency.max(), cap / 100.0);
  }

  private StatisticsSnapshot.Latency latency(String name) {
    return statistics.snapshot().latencyMillis().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void throughputIsOutputsPerSecondOverTheLastTenSecondsAndSinceStart() {
    clock.advance(Duration.ofSeconds(20));
    IntStream.range(0, 30).forEach(i -> tag(0, 1));

    StatisticsSnapshot.Throughput now = statistics.snapshot().throughput();
    assertEquals(3.0, now.last10s());
    assertEquals(1.5, now.sinceStart());

    clock.advance(Duration.ofSeconds(9));
    assertEquals(3.0, statistics.snapshot().throughput().last10s());
    clock.advance(Duration.ofSeconds(2));
    StatisticsSnapshot.Throughput later = statistics.snapshot().throughput();
    assertEquals(0.0, later.last10s());
    assertEquals(30.0 / 31, later.sinceStart());
  }

  @Test
  void throughputInTheFirstSecondsDividesByTheTimeSinceStart() {
    clock.advance(Duration.ofSeconds(4));
    IntStream.range(0, 8).forEach(i -> tag(0, 1));

    assertEquals(2.0, statistics.snapshot().throughput().last10s());
  }

  @Test
  void rejectionsAreCountedByReasonWithEveryReasonListed() {
    statistics.recordRejection(RejectionReason.MALFORMED_JSON);
    statistics.recordRejection(RejectionReason.MALFORMED_JSON);
    statistics.recordRejection(RejectionReason.DUPLICATE_EVENT);

    StatisticsSnapshot.Rejections rejections = statistics.snapshot().rejections();
    assertEquals(3, rejections.total());
    assertEquals(RejectionReason.values().length, rejections.byReason().size());
    assertEquals(2L, rejections.byReason().get("MALFORMED_JSON"));
    assertEquals(1L, rejections.byReason().get("DUPLICATE_EVENT"));
    assertEquals(0L, rejections.byReason().get("IMAGE_TOO_LARGE"));
    assertEquals(0, statistics.snapshot().windows().get(3).outputs(), "rejections are no outputs");
  }

  @Test
  void onlyTheNewestReviewItemsAreKeptNewestFirst() {
    for (int i = 0; i < TaggerStatistics.REVIEW_ITEMS_KEPT + 5; i++) {
      review(i % 10, new byte[784]);
    }
    List<ReviewItem> all = statistics.recentReviews(100);
    assertEquals(TaggerStatistics.REVIEW_ITEMS_KEPT, all.size());
    assertEquals("p-" + (TaggerStatistics.REVIEW_ITEMS_KEPT + 4), all.get(0).productId());
    assertEquals("p-5", all.get(all.size() - 1).productId());
    assertEquals(
        List.of("p-24", "p-23", "p-22"),
        statistics.recentReviews(3).stream().map(ReviewItem::productId).toList());
    assertEquals(TaggerStatistics.REVIEW_ITEMS_KEPT + 5, windows().get("sinceStart").review());
  }

  @Test
  void aReviewItemCarriesTheImageTheModelSawAsAPngAndItsGuesses() {
    byte[] pixels = new byte[784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    TagReviewRequested review = review(4, pixels);

    ReviewItem item = statistics.recentReviews(1).get(0);
    assertArrayEquals(pixels, TestThumbnails.pixels(item.thumbnail()));
    assertEquals(review.top(), item.top());
    assertEquals(0.6, item.threshold());
    assertEquals(review.eventId(), item.eventId());
  }

  @Test
  void theModelSectionDescribesTheServingModelAndTheBundlesOffered() {
    assertNull(statistics.snapshot().model(), "no model yet");
    registry.offer("not a zip".getBytes(StandardCharsets.UTF_8), "test");
    registry.offer(TestModels.tinyBundleBytes("tiny", 3, 1), "test");

    StatisticsSnapshot snapshot = statistics.snapshot();
    assertEquals("tiny", snapshot.model().name());
    assertEquals(3, snapshot.model().version());
    assertEquals("test-tiny", snapshot.model().architecture());
    assertEquals(0.6, snapshot.model().reviewThreshold());
    assertEquals(10, snapshot.model().perClass().size());
    assertEquals(registry.current().orElseThrow().ref().sha256(), snapshot.model().sha256());
    assertEquals(1, snapshot.modelBundles().accepted());
    assertEquals(Map.of("NOT_A_ZIP", 1L), snapshot.modelBundles().rejectedByReason());
  }

  @Test
  void prometheusMetricsAgreeWithTheStatistics() throws Exception {
    tag(7, 30);
    tag(7, 40);
    review(9, new byte[784]);
    statistics.recordRejection(RejectionReason.SCHEMA_VIOLATION);
    registry.offer(TestModels.tinyBundleBytes("tiny", 2, 1), "test");
    registry.offer(TestModels.tinyBundleBytes("tiny", 1, 1), "test");

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, statistics.prometheusRegistry().scrape());
    PrometheusText metrics = PrometheusText.parse(text.toString(StandardCharsets.UTF_8));

    assertEquals(2.0, metrics.value("tagger_uploads_tagged_total", "category", "Sneaker"));
    assertEquals(0.0, metrics.value("tagger_uploads_tagged_total", "category", "Bag"));
    assertEquals(1.0, metrics.value("tagger_uploads_review_total", "category", "Ankle boot"));
    assertEquals(1.0, metrics.sum("tagger_uploads_rejected_total"));
    assertEquals(1.0, metrics.value("tagger_uploads_rejected_total", "reason", "SCHEMA_VIOLATION"));
    assertEquals(1.0, metrics.value("tagger_model_bundles_accepted_total"));
    assertEquals(
        1.0, metrics.value("tagger_model_bundles_rejected_total", "reason", "STALE_VERSION"));
    assertEquals(2.0, metrics.value("tagger_model_version", "model", "tiny"));
    assertEquals(3.0, metrics.value("tagger_upload_to_tag_latency_seconds_count"));
    assertEquals(0.07, metrics.value("tagger_upload_to_tag_latency_seconds_sum"), 1e-9);
    assertEquals(1.0, metrics.value("tagger_upload_to_tag_latency_seconds_bucket", "le", "0.025"));
    assertEquals(3.0, metrics.value("tagger_upload_to_tag_latency_seconds_bucket", "le", "0.05"));
  }

  @Test
  void theHandlersFindTheStatisticsInTheirConfigs() {
    assertEquals(
        statistics, TaggerStatistics.fromConfigs(Map.of(TaggerStatistics.CONFIG_KEY, statistics)));
    ConfigException missing =
        assertThrows(ConfigException.class, () -> TaggerStatistics.fromConfigs(Map.of()));
    assertTrue(missing.getMessage().contains(TaggerStatistics.CONFIG_KEY), missing.getMessage());
    assertThrows(
        ConfigException.class,
        () -> TaggerStatistics.fromConfigs(Map.of(TaggerStatistics.CONFIG_KEY, "a string")));
  }
}
