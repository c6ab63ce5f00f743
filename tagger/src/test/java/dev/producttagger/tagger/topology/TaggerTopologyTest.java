package dev.producttagger.tagger.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.ReviewerDecision;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.schemas.serde.EventSerdes;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.PrometheusText;
import dev.producttagger.tagger.TestThumbnails;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.ReviewItem;
import dev.producttagger.tagger.stats.StatisticsSnapshot;
import dev.producttagger.tagger.stats.TaggerStatistics;
import dev.producttagger.tagger.traffic.SellerPhotos;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the tagging topology, batching and hot swap, on Kafka Streams' test driver; and
 * that the statistics and the latest-tag store agree with what the topics received.
 */
class TaggerTopologyTest {

  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private ModelRegistry registry;
  private TaggerStatistics statistics;
  private TestInputTopic<String, byte[]> uploads;
  private TestInputTopic<String, byte[]> models;
  private TestOutputTopic<String, ProductTagged> tags;
  private TestOutputTopic<String, TagReviewRequested> review;
  private TestOutputTopic<byte[], UploadRejected> deadLetters;
  private TestInputTopic<String, byte[]> decisions;
  private TestOutputTopic<String, LabelledExample> examples;
  private final Random random = new Random(7);
  private final ManualClock clock = new ManualClock(START);

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(TaggerSettings settings, boolean withModel) {
    registry = ModelRegistry.forFashionMnist(Optional.empty());
    if (withModel) {
      assertTrue(registry.offer(TestModels.tinyBundleBytes("tiny", 1, 1), "test").accepted());
    }
    // The test driver does not run transactions, and under exactly_once_v2 it drops the records a
    // deserialization handler dead-letters; the guarantee itself is proven on a real broker.
    Properties props =
        TaggerStreamsConfig.properties(
            Map.of("bootstrap.servers", "unused:9092"),
            "tagger-test",
            false,
            1,
            stateDir,
            settings);
    statistics = new TaggerStatistics(registry, clock);
    props.put(TaggerStatistics.CONFIG_KEY, statistics);
    driver =
        new TopologyTestDriver(
            TaggerTopology.build(settings, registry, statistics, clock), props, START);
    uploads =
        driver.createInputTopic(
            settings.uploadsTopic(),
            new StringSerializer(),
            new ByteArraySerializer(),
            START,
            Duration.ofMillis(1));
    models =
        driver.createInputTopic(
            settings.modelsTopic(),
            EventTopics.MODELS.keySerde().serializer(),
            EventTopics.MODELS.valueSerde().serializer());
    tags =
        driver.createOutputTopic(
            settings.tagsTopic(),
            EventTopics.TAGS.keySerde().deserializer(),
            EventTopics.TAGS.valueSerde().deserializer());
    review =
        driver.createOutputTopic(
            settings.reviewTopic(),
            EventTopics.REVIEW.keySerde().deserializer(),
            EventTopics.REVIEW.valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            settings.deadLetterTopic(),
            EventTopics.DEAD_LETTERS.keySerde().deserializer(),
            EventTopics.DEAD_LETTERS.valueSerde().deserializer());
    // Raw bytes in, so malformed decisions can be sent as well.
    decisions =
        driver.createInputTopic(
            settings.decisionsTopic(), new StringSerializer(), new ByteArraySerializer());
    examples =
        driver.createOutputTopic(
            settings.labelledExamplesTopic(),
            EventTopics.LABELLED_EXAMPLES.keySerde().deserializer(),
            EventTopics.LABELLED_EXAMPLES.valueSerde().deserializer());
  }

  private void advance(Duration by) {
    clock.advance(by);
    driver.advanceWallClockTime(by);
  }

  private LatestTag latest(String productId) {
    return driver
        .<String, LatestTag>getKeyValueStore(TaggerTopology.LATEST_TAG_STORE)
        .get(productId);
  }

  private StatisticsSnapshot.Window sinceStart() {
    List<StatisticsSnapshot.Window> windows = statistics.snapshot().windows();
    return windows.get(windows.size() - 1);
  }

  private static TaggerSettings settings(int batchSize, Duration wait, double threshold) {
    return TaggerSettings.defaults().withBatch(batchSize, wait).withThreshold(threshold);
  }

  private ImageUploaded upload(String productId) {
    byte[] pixels = new byte[784];
    random.nextBytes(pixels);
    return new ImageUploaded(
        UUID.randomUUID().toString(), "seller-1", productId, START, Image.gray8(28, 28, pixels));
  }

  private void send(ImageUploaded upload) {
    uploads.pipeInput(
        upload.productId(), EventSerdes.imageUploaded().serializer().serialize("t", upload));
  }

  private void decide(TagDecided decision) {
    decisions.pipeInput(
        decision.productId(),
        EventTopics.DECISIONS.valueSerde().serializer().serialize("t", decision));
  }

  /** Sends an upload that a threshold of 1 sends to review, and returns the review request. */
  private TagReviewRequested reviewed(ImageUploaded upload) {
    send(upload);
    TagReviewRequested request = review.readValue();
    assertEquals(upload.eventId(), request.eventId());
    return request;
  }

  private static TagDecided choose(TagReviewRequested request, int category) {
    return TagDecided.category(
        request.eventId(),
        request.productId(),
        new Category(category, FashionCategories.NAMES.get(category)),
        "reviewer-1",
        START.plusSeconds(60),
        request.model());
  }

  private ReviewCase reviewCase(String eventId) {
    return driver
        .<String, ReviewCase>getKeyValueStore(TaggerTopology.REVIEW_CASE_STORE)
        .get(eventId);
  }

  @Test
  void aReviewersCategoryBecomesTheProductsFinalTagAndALabelledExample() {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    ImageUploaded upload = upload("p-1");
    TagReviewRequested request = reviewed(upload);
    assertTrue(reviewCase(upload.eventId()).pending());

    decide(choose(request, 7));

    ProductTagged tag = tags.readValue();
    assertEquals(upload.eventId(), tag.eventId());
    assertEquals(new Category(7, "Sneaker"), tag.category());
    assertEquals(new ReviewerDecision("reviewer-1", START.plusSeconds(60)), tag.decidedBy());
    assertEquals(request.model(), tag.model());
    assertEquals(request.top(), tag.top());
    assertEquals(request.source(), tag.source());
    assertTrue(tags.isEmpty());
    assertEquals(LatestTag.of(tag), latest("p-1"));
    LabelledExample example = examples.readValue();
    assertEquals(upload.eventId(), example.eventId());
    assertEquals(new Category(7, "Sneaker"), example.label());
    assertArrayEquals(upload.image().data(), example.pixels(), "the image the model saw");
    assertEquals(request.model(), example.model());
    assertTrue(deadLetters.isEmpty());
    assertTrue(!reviewCase(upload.eventId()).pending());
    assertNull(reviewCase(upload.eventId()).pixels(), "the image left with the example");
    assertEquals(new StatisticsSnapshot.Decisions(1, 0), statistics.snapshot().reviewDecisions());
  }

  @Test
  void decidedCasesAreKeptAWeekThenForgottenWhilePendingOnesStay() {
    assertDecidedCasesKeptFor(
        TaggerSettings.DEFAULT_DECIDED_RETENTION, settings(1, Duration.ofHours(1), 1.0));
  }

  @Test
  void decidedCasesAreKeptAsLongAsTheSettingsSay() {
    Duration month = Duration.ofDays(30);
    assertDecidedCasesKeptFor(
        month, settings(1, Duration.ofHours(1), 1.0).withDecidedRetention(month));
  }

  private void assertDecidedCasesKeptFor(Duration retention, TaggerSettings settings) {
    start(settings, true);
    TagReviewRequested decided = reviewed(upload("p-1"));
    TagReviewRequested pending = reviewed(upload("p-2"));
    decide(choose(decided, 1));

    advance(retention.minusHours(2));
    assertTrue(reviewCase(decided.eventId()) != null, "kept to recognise a repeated decision");
    advance(Duration.ofHours(3));

    assertNull(reviewCase(decided.eventId()), "gone " + retention + " after its decision");
    assertTrue(reviewCase(pending.eventId()).pending(), "the queue stays");
  }

  @Test
  void aRejectionLeavesTheProductWithoutACategory() {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    TagReviewRequested request = reviewed(upload("p-1"));
    TagDecided rejection =
        TagDecided.rejection(
            request.eventId(),
            "p-1",
            "not a fashion item",
            "reviewer-2",
            START.plusSeconds(5),
            request.model());

    decide(rejection);

    assertTrue(tags.isEmpty());
    assertTrue(examples.isEmpty());
    assertTrue(deadLetters.isEmpty());
    assertEquals(LatestTag.rejected(rejection), latest("p-1"));
    assertEquals(new StatisticsSnapshot.Decisions(0, 1), statistics.snapshot().reviewDecisions());
  }

  @Test
  void aDecisionOnAnOlderUploadDoesNotHideTheProductsNewerOne() {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    TagReviewRequested older = reviewed(upload("p-1"));
    TagReviewRequested newer = reviewed(upload("p-1"));

    decide(choose(older, 0));

    assertEquals(older.eventId(), tags.readValue().eventId());
    assertEquals(LatestTag.of(newer), latest("p-1"));
    assertTrue(reviewCase(newer.eventId()).pending());
  }

  /** A category decision by reviewer-1 at the test's start. */
  private static TagDecided category(
      String eventId, String productId, Category category, ModelRef model) {
    return TagDecided.category(eventId, productId, category, "reviewer-1", START, model);
  }

  @Test
  void badDecisionsAreDeadLetteredWithTheirReasonAndDecideNothing() {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    TagReviewRequested request = reviewed(upload("p-1"));
    TagDecided good = choose(request, 3);
    String eventId = request.eventId();
    ModelRef model = request.model();
    Map<String, RejectionReason> expected = new java.util.LinkedHashMap<>();

    decide(category(UUID.randomUUID().toString(), "p-1", good.category(), model));
    expected.put("an upload never sent to review", RejectionReason.UNKNOWN_REVIEW);
    decide(category(eventId, "p-2", good.category(), model));
    expected.put("another product's review", RejectionReason.UNKNOWN_REVIEW);
    decide(category(eventId, "p-1", new Category(12, "Hat"), model));
    expected.put("a category the tagger does not have", RejectionReason.INVALID_DECISION);
    decide(category(eventId, "p-1", new Category(3, "Sneaker"), model));
    expected.put("an index and a name that disagree", RejectionReason.INVALID_DECISION);
    decide(category(eventId, "p-1", good.category(), new ModelRef("other", 9, "0".repeat(64))));
    expected.put("an answer to another model", RejectionReason.INVALID_DECISION);
    decisions.pipeInput("p-1", "{not json".getBytes(StandardCharsets.UTF_8));
    expected.put("malformed JSON", RejectionReason.MALFORMED_JSON);
    decisions.pipeInput(
        "p-1",
        new String(
                EventTopics.DECISIONS.valueSerde().serializer().serialize("t", good),
                StandardCharsets.UTF_8)
            .replace("\"category\"", "\"rejectReason\":\"both\",\"category\"")
            .getBytes(StandardCharsets.UTF_8));
    expected.put("a category and a rejection at once", RejectionReason.SCHEMA_VIOLATION);
    decisions.pipeInput(
        "p-other", EventTopics.DECISIONS.valueSerde().serializer().serialize("t", good));
    expected.put("a key that is not the productId", RejectionReason.SCHEMA_VIOLATION);
    decisions.pipeInput("p-1", (byte[]) null);
    expected.put("a tombstone", RejectionReason.SCHEMA_VIOLATION);
    assertTrue(tags.isEmpty(), "no bad decision tags anything");
    assertTrue(reviewCase(request.eventId()).pending(), "no bad decision decides the review");

    decide(good);
    decide(good);
    expected.put("the same decision again", RejectionReason.ALREADY_DECIDED);

    List<UploadRejected> rejected = deadLetters.readValuesToList();
    List<String> cases = new ArrayList<>(expected.keySet());
    assertEquals(expected.size(), rejected.size(), rejected.toString());
    for (int i = 0; i < rejected.size(); i++) {
      assertEquals(expected.get(cases.get(i)), rejected.get(i).reason(), cases.get(i));
      assertEquals(TaggerSettings.defaults().decisionsTopic(), rejected.get(i).source().topic());
    }
    assertEquals(1, tags.readValuesToList().size(), "the good decision tags once");
    assertEquals(1, examples.readValuesToList().size());
  }

  private void publishShadow(byte[] bundle) {
    models.pipeInput(ModelTopic.SHADOW_KEY, bundle);
  }

  @Test
  void uploadsWaitingForAModelShowAsBufferDepth() throws Exception {
    start(settings(64, Duration.ofHours(1), 0.5), false);
    for (int i = 0; i < 3; i++) {
      send(upload("p-" + i));
    }
    assertEquals(3.0, bufferDepth(), "waiting for a model");

    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 1, 1));
    send(upload("p-3"));
    advance(Duration.ofHours(2));
    assertEquals(0.0, bufferDepth(), "tagged once a model serves");
  }

  private double bufferDepth() throws Exception {
    return metric("tagger_batch_buffer_uploads");
  }

  private double metric(String name) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, statistics.prometheusRegistry().scrape());
    return PrometheusText.parse(text.toString(StandardCharsets.UTF_8)).sum(name);
  }

  @Test
  void everyBatchsForwardPassIsTimedAndCountedInTheMetrics() throws Exception {
    start(settings(2, Duration.ofHours(1), 0.0), false);
    send(upload("p-0"));
    send(upload("p-1"));
    assertEquals(new TaggerStatistics.ForwardPasses(0, 0), statistics.forwardPasses());

    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 1, 1));
    send(upload("p-2"));
    advance(Duration.ofHours(2));

    TaggerStatistics.ForwardPasses passes = statistics.forwardPasses();
    assertEquals(3, passes.images(), "a full batch, then the one left");
    assertTrue(passes.nanos() > 0);
    assertEquals(3.0, metric("tagger_forward_pass_images_total"));
    assertEquals(passes.nanos() / 1e9, metric("tagger_forward_pass_seconds_total"), 1e-9);
  }

  @Test
  void aShadowModelClassifiesEveryBatchButOnlyTheServingModelTags() {
    start(settings(4, Duration.ofHours(1), 0.0), true);
    publishShadow(TestModels.tinyBundleBytes("candidate", 2, 9));
    assertEquals("candidate", registry.shadow().orElseThrow().ref().name());

    for (int i = 0; i < 8; i++) {
      send(upload("p-" + i));
    }

    List<ProductTagged> tagged = tags.readValuesToList();
    assertEquals(8, tagged.size());
    assertTrue(tagged.stream().allMatch(t -> t.model().name().equals("tiny")), "serving only");
    StatisticsSnapshot.Shadow shadow = statistics.snapshot().shadow();
    assertEquals("candidate", shadow.shadow().name());
    assertEquals("tiny", shadow.serving().name());
    assertEquals(8, shadow.compared());
    assertEquals((double) shadow.agreed() / 8, shadow.agreement());

    models.pipeInput(ModelTopic.SHADOW_KEY, (byte[]) null);
    assertTrue(registry.shadow().isEmpty(), "a tombstone retires the shadow");
    send(upload("p-after"));
    send(upload("p-after-2"));
    send(upload("p-after-3"));
    send(upload("p-after-4"));
    assertEquals(8, statistics.snapshot().shadow().compared(), "no shadow, no comparison");
  }

  @Test
  void reviewersDecisionsScoreTheServingAndTheShadowModel() {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    publishShadow(TestModels.tinyBundleBytes("candidate", 2, 9));
    TagReviewRequested request = reviewed(upload("p-1"));
    ReviewCase.ShadowGuess shadowGuess = reviewCase(request.eventId()).shadowGuess();
    assertEquals("candidate", shadowGuess.model().name());

    // The reviewer agrees with the serving model's guess.
    decide(choose(request, request.category().index()));

    StatisticsSnapshot.Shadow shadow = statistics.snapshot().shadow();
    assertEquals(1, shadow.decided());
    assertEquals(1, shadow.servingCorrect());
    assertEquals(
        shadowGuess.category().index() == request.category().index() ? 1 : 0,
        shadow.shadowCorrect());
    assertEquals(1, shadow.perClass().get(request.category().index()).decided());
  }

  @Test
  void aShadowThatCannotServeIsRefusedAndCounted() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    publishShadow("not a bundle".getBytes(StandardCharsets.UTF_8));
    assertTrue(registry.shadow().isEmpty());
    assertTrue(registry.rejectedCounts().values().stream().mapToLong(Long::longValue).sum() > 0);
    send(upload("p-1"));
    assertEquals(1, tags.readValuesToList().size(), "the serving model goes on");
  }

  @Test
  void confidentUploadsAreTaggedWithTheModelThatTaggedThem() {
    start(settings(2, Duration.ofHours(1), 0.0), true);
    ImageUploaded first = upload("p-1");
    ImageUploaded second = upload("p-2");
    send(first);
    send(second);

    List<ProductTagged> tagged = tags.readValuesToList();
    assertEquals(2, tagged.size());
    ProductTagged tag = tagged.get(0);
    assertEquals(first.eventId(), tag.eventId());
    assertEquals("p-1", tag.productId());
    assertEquals("seller-1", tag.sellerId());
    assertEquals(1, tag.model().version());
    assertEquals("tiny", tag.model().name());
    assertEquals(FashionCategories.NAMES.get(tag.category().index()), tag.category().name());
    assertEquals(tag.top().get(0).probability(), tag.confidence());
    assertEquals(3, tag.top().size());
    assertEquals(0, tag.source().offset());
    assertEquals(1, tagged.get(1).source().offset());
    assertTrue(review.isEmpty());
    assertTrue(deadLetters.isEmpty());

    assertEquals(LatestTag.Outcome.TAGGED, latest("p-1").outcome());
    assertEquals(tag, latest("p-1").tagged());
    assertEquals(tagged.get(1), latest("p-2").tagged());
    assertEquals(2, sinceStart().tagged());
    assertEquals(0, sinceStart().review());
  }

  @Test
  void uploadsBelowTheThresholdGoToReviewWithTheImageTheModelSaw() throws Exception {
    start(settings(1, Duration.ofHours(1), 1.0), true);
    ImageUploaded upload = upload("p-1");
    send(upload);

    TagReviewRequested request = review.readValue();
    assertEquals(TagReviewRequested.LOW_CONFIDENCE, request.reason());
    assertEquals(1.0, request.threshold());
    assertTrue(request.confidence() < 1.0);
    assertTrue(tags.isEmpty());

    assertEquals(LatestTag.Outcome.REVIEW, latest("p-1").outcome());
    assertEquals(request, latest("p-1").review());
    assertEquals(1, sinceStart().review());
    assertEquals(1.0, sinceStart().reviewRate());
    ReviewItem item = statistics.recentReviews(TaggerStatistics.REVIEW_ITEMS_KEPT).get(0);
    assertEquals(request.eventId(), item.eventId());
    assertEquals(request.top(), item.top());
    assertArrayEquals(
        upload.image().data(),
        TestThumbnails.pixels(item.thumbnail()),
        "a 28x28 gray8 upload is shown as sent");
  }

  @Test
  void aBatchWaitsUntilItIsFull() {
    start(settings(4, Duration.ofHours(1), 0.0), true);
    for (int i = 0; i < 3; i++) {
      send(upload("p-" + i));
    }
    advance(Duration.ofMinutes(1));
    assertTrue(tags.isEmpty(), "three of four: no flush yet");

    send(upload("p-3"));
    assertEquals(4, tags.readValuesToList().size());
  }

  @Test
  void aPartialBatchFlushesOnceItsOldestUploadWaitedLongEnough() {
    start(settings(100, Duration.ofMillis(200), 0.0), true);
    send(upload("p-1"));
    send(upload("p-2"));
    advance(Duration.ofMillis(100));
    assertTrue(tags.isEmpty(), "not yet due");

    advance(Duration.ofMillis(150));
    assertEquals(2, tags.readValuesToList().size());

    // Sent at START and START + 1 ms (their record timestamps), emitted at START + 250 ms.
    StatisticsSnapshot.Latency latency = statistics.snapshot().latencyMillis().get(1);
    assertEquals(2, latency.count());
    assertEquals(249, latency.p50());
    assertEquals(250, latency.max());
  }

  @Test
  void uploadsWaitForTheFirstModelInsteadOfBeingLostOrRejected() {
    start(settings(2, Duration.ofMillis(50), 0.0), false);
    for (int i = 0; i < 5; i++) {
      send(upload("p-" + i));
    }
    advance(Duration.ofSeconds(5));
    assertTrue(tags.isEmpty());
    assertTrue(deadLetters.isEmpty());

    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 1, 1));
    advance(Duration.ofMillis(100));
    List<ProductTagged> tagged = tags.readValuesToList();
    assertEquals(
        List.of("p-0", "p-1", "p-2", "p-3", "p-4"),
        tagged.stream().map(ProductTagged::productId).toList());
  }

  @Test
  void aNewModelTakesOverAtABatchBoundary() {
    start(settings(4, Duration.ofHours(1), 0.0), true);
    for (int i = 0; i < 4; i++) {
      send(upload("a-" + i));
    }
    send(upload("b-0"));
    send(upload("b-1"));
    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 2, 2));
    send(upload("b-2"));
    send(upload("b-3"));

    List<ProductTagged> tagged = tags.readValuesToList();
    assertEquals(8, tagged.size());
    tagged.subList(0, 4).forEach(t -> assertEquals(1, t.model().version(), t.productId()));
    // The second batch was classified after the swap, so all of it, buffered before or after, is
    // v2.
    tagged.subList(4, 8).forEach(t -> assertEquals(2, t.model().version(), t.productId()));
  }

  @Test
  void corruptOrStaleBundlesAreRejectedAndTheCurrentModelKeepsServing() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    models.pipeInput("tiny", "not a zip".getBytes(StandardCharsets.UTF_8));
    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 1, 9));
    models.pipeInput(
        "tiny",
        TestModels.bundleOf(
                TestModels.tinyNetwork(3, 5),
                "five-classes",
                7,
                FashionCategories.NAMES.subList(0, 5))
            .toBytes(Optional.empty()));
    send(upload("p-1"));

    assertEquals(1, tags.readValue().model().version());
    Map<String, Long> rejected = registry.rejectedCounts();
    assertEquals(
        3, rejected.values().stream().mapToLong(Long::longValue).sum(), rejected.toString());
    assertEquals(1L, rejected.get("STALE_VERSION"));
    assertEquals(1L, rejected.get("WRONG_CLASSES"));
  }

  @Test
  void theServingBundleArrivingAgainIsNeitherSwappedNorCountedAsARejection() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    // A restart restores the model topic and offers the serving bundle a second time.
    models.pipeInput("tiny", TestModels.tinyBundleBytes("tiny", 1, 1));
    send(upload("p-1"));

    assertEquals(1, tags.readValue().model().version());
    assertEquals(Map.of(), registry.rejectedCounts());
    assertEquals(1, registry.acceptedCount());
  }

  @Test
  void repeatedEventIdsAreDeadLetteredAsDuplicates() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    ImageUploaded upload = upload("p-1");
    send(upload);
    send(upload);

    assertEquals(1, tags.readValuesToList().size());
    UploadRejected rejected = deadLetters.readValue();
    assertEquals(RejectionReason.DUPLICATE_EVENT, rejected.reason());
    assertEquals(1, rejected.source().offset());
  }

  @Test
  void deadLettersKeepTheOriginalHeadersSoARedriveCanRestoreThem() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    ImageUploaded upload = upload("p-1");
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
    headers.add("seller-service", new byte[] {1, 2, 3});
    uploads.pipeInput(
        new TestRecord<>("p-1", "not json".getBytes(StandardCharsets.UTF_8), headers));
    send(upload);
    byte[] repeat = EventSerdes.imageUploaded().serializer().serialize("t", upload);
    uploads.pipeInput(new TestRecord<>("p-1", repeat, headers));

    List<TestRecord<byte[], UploadRejected>> rejected = deadLetters.readRecordsToList();
    assertEquals(
        List.of(RejectionReason.MALFORMED_JSON, RejectionReason.DUPLICATE_EVENT),
        rejected.stream().map(record -> record.value().reason()).toList());
    for (TestRecord<byte[], UploadRejected> record : rejected) {
      assertEquals(List.of(headers.toArray()), List.of(record.headers().toArray()));
    }
  }

  @Test
  void badInputIsDeadLetteredWithItsReasonAndOriginalBytes() {
    start(settings(1, Duration.ofHours(1), 0.0), true);
    byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);
    uploads.pipeInput("p-1", notJson);
    uploads.pipeInput("p-2", "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));
    ImageUploaded png =
        new ImageUploaded(
            UUID.randomUUID().toString(),
            "s",
            "p-3",
            START,
            new Image(Encoding.PNG, null, null, new byte[] {1, 2}));
    send(png);
    ImageUploaded wrongKey = upload("p-4");
    uploads.pipeInput(
        "another-key", EventSerdes.imageUploaded().serializer().serialize("t", wrongKey));
    uploads.pipeInput(
        (String) null, EventSerdes.imageUploaded().serializer().serialize("t", upload("p-5")));
    uploads.pipeInput("p-6", (byte[]) null);
    ImageUploaded huge =
        new ImageUploaded(
            UUID.randomUUID().toString(), "s", "p-7", START, Image.gray8(5000, 1, new byte[5000]));
    send(huge);

    List<UploadRejected> rejected = deadLetters.readValuesToList();
    assertEquals(
        List.of(
            RejectionReason.MALFORMED_JSON,
            RejectionReason.SCHEMA_VIOLATION,
            RejectionReason.UNSUPPORTED_ENCODING,
            RejectionReason.SCHEMA_VIOLATION,
            RejectionReason.SCHEMA_VIOLATION,
            RejectionReason.MALFORMED_JSON,
            RejectionReason.IMAGE_TOO_LARGE),
        rejected.stream().map(UploadRejected::reason).toList());
    assertArrayEquals(notJson, rejected.get(0).originalValue());
    assertArrayEquals("p-1".getBytes(StandardCharsets.UTF_8), rejected.get(0).originalKey());
    assertNull(rejected.get(4).originalKey());
    assertNull(rejected.get(5).originalValue());
    for (int i = 0; i < rejected.size(); i++) {
      assertEquals(i, rejected.get(i).source().offset());
      assertEquals(TaggerSettings.defaults().uploadsTopic(), rejected.get(i).source().topic());
      assertTrue(!rejected.get(i).detail().isBlank());
    }
    assertTrue(rejected.get(3).detail().contains("another-key"), rejected.get(3).detail());
    assertTrue(tags.isEmpty());

    StatisticsSnapshot.Rejections counted = statistics.snapshot().rejections();
    assertEquals(rejected.size(), counted.total());
    for (RejectionReason reason : RejectionReason.values()) {
      assertEquals(
          rejected.stream().filter(r -> r.reason() == reason).count(),
          counted.byReason().get(reason.name()),
          reason.name());
    }
    assertNull(latest("p-3"), "a rejected upload leaves no latest tag");
  }

  @Test
  void photosAreBatchedAndRoutedLikeGray8AndABadPhotoDoesNotStopTheStream() {
    start(settings(2, Duration.ofHours(1), 0.0), true);
    SellerPhotos photos = new SellerPhotos(3, 300, 400);
    byte[] item = new byte[784];
    for (int i = 200; i < 600; i++) {
      item[i] = (byte) 200;
    }
    byte[] jpeg = photos.jpeg(item);
    send(
        new ImageUploaded(
            UUID.randomUUID().toString(),
            "s",
            "photo-1",
            START,
            new Image(Encoding.JPEG, null, null, jpeg)));
    send(
        new ImageUploaded(
            UUID.randomUUID().toString(),
            "s",
            "broken",
            START,
            new Image(Encoding.JPEG, null, null, Arrays.copyOf(jpeg, jpeg.length / 2))));
    send(
        new ImageUploaded(
            UUID.randomUUID().toString(),
            "s",
            "photo-2",
            START,
            new Image(Encoding.JPEG, null, null, jpeg)));

    assertEquals(
        List.of("photo-1", "photo-2"),
        tags.readValuesToList().stream().map(ProductTagged::productId).toList());
    UploadRejected broken = deadLetters.readValue();
    assertEquals(RejectionReason.UNDECODABLE_IMAGE, broken.reason());
    assertEquals(1, broken.source().offset());
  }

  @Test
  void everyInputEndsAsExactlyOneOutputAndOrderPerProductIsKept() {
    start(settings(3, Duration.ofMillis(20), 0.5), true);
    int inputs = 0;
    List<String> productSequence = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 7 == 0) {
        uploads.pipeInput("bad-" + i, new byte[] {'{'});
      } else {
        ImageUploaded upload = upload("p-" + (i % 3));
        send(upload);
        productSequence.add(upload.eventId());
      }
      inputs++;
      if (i % 5 == 0) {
        advance(Duration.ofMillis(30));
      }
    }
    advance(Duration.ofMillis(30));

    List<org.apache.kafka.streams.test.TestRecord<String, ProductTagged>> tagged =
        tags.readRecordsToList();
    List<org.apache.kafka.streams.test.TestRecord<String, TagReviewRequested>> reviewed =
        review.readRecordsToList();
    int rejected = deadLetters.readValuesToList().size();
    assertEquals(inputs, tagged.size() + reviewed.size() + rejected);
    List<Long> offsetsInOutputOrder = new ArrayList<>();
    tagged.forEach(r -> offsetsInOutputOrder.add(r.value().source().offset()));
    List<Long> sortedOffsets = offsetsInOutputOrder.stream().sorted().toList();
    assertEquals(sortedOffsets, offsetsInOutputOrder, "tags leave in input order");

    StatisticsSnapshot.Window counted = sinceStart();
    assertEquals(tagged.size(), counted.tagged());
    assertEquals(reviewed.size(), counted.review());
    assertEquals(rejected, statistics.snapshot().rejections().total());
    for (StatisticsSnapshot.Category category : counted.categories()) {
      assertEquals(
          tagged.stream().filter(r -> r.value().category().index() == category.index()).count(),
          category.tagged(),
          category.name());
      assertEquals(
          reviewed.stream().filter(r -> r.value().category().index() == category.index()).count(),
          category.review(),
          category.name());
    }
    // The store holds each product's last output, whichever topic it went to.
    SortedMap<Long, List<String>> productAndEventByOffset = new TreeMap<>();
    tagged.forEach(
        r ->
            productAndEventByOffset.put(
                r.value().source().offset(), List.of(r.value().productId(), r.value().eventId())));
    reviewed.forEach(
        r ->
            productAndEventByOffset.put(
                r.value().source().offset(), List.of(r.value().productId(), r.value().eventId())));
    Map<String, String> lastEventIdByProduct = new HashMap<>();
    productAndEventByOffset.values().forEach(pe -> lastEventIdByProduct.put(pe.get(0), pe.get(1)));
    assertEquals(3, lastEventIdByProduct.size());
    lastEventIdByProduct.forEach(
        (product, eventId) -> assertEquals(eventId, latest(product).eventId(), product));
  }
}
