package dev.producttagger.tagger.topology;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.Prediction;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.tagger.preprocessing.ImagePreprocessor;
import dev.producttagger.tagger.preprocessing.ImageRejectedException;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Validates each upload, drops it into a changelogged batch buffer, and classifies the buffer in
 * one forward pass when it is full or its oldest upload has waited long enough.
 *
 * <p>Because the buffer is a changelogged store written in the same transaction as the input
 * offset, an upload whose offset is committed is either already emitted or restored into the buffer
 * after a crash. Buffer keys are a per-task sequence, so a flush emits in arrival order and the
 * order per productId is kept. The model is read once per batch: a hot swap takes effect between
 * batches. With no model yet, uploads wait in the buffer.
 *
 * <p>Every output also replaces the product's entry in the latest-tag store and is recorded in the
 * statistics.
 */
final class TaggingProcessor implements Processor<String, ImageUploaded, String, Object> {

  private final TaggerSettings settings;
  private final ModelRegistry registry;
  private final TaggerStatistics statistics;
  private final ImagePreprocessor preprocessor;
  private final Clock clock;

  private ProcessorContext<String, Object> context;
  private KeyValueStore<Long, BufferedUpload> buffer;
  private RecentEventIds recentEventIds;
  private KeyValueStore<String, LatestTag> latestTags;
  private KeyValueStore<String, ReviewCase> reviewCases;
  // The buffer store's entries in sequence order, so a flush reads no store: iterating RocksDB from
  // its first key walks past the tombstones of every flushed upload since its last compaction.
  private final ArrayDeque<KeyValue<Long, BufferedUpload>> pending = new ArrayDeque<>();
  private long nextSequence;
  private String task;
  private AtomicLong bufferDepth;
  private long oldestBufferedAtMs = Long.MAX_VALUE;

  TaggingProcessor(
      TaggerSettings settings, ModelRegistry registry, TaggerStatistics statistics, Clock clock) {
    this.settings = settings;
    this.registry = registry;
    this.statistics = statistics;
    this.preprocessor = new ImagePreprocessor(settings.imageLimits());
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.task = context.taskId().toString();
    this.bufferDepth = statistics.bufferDepth(task);
    this.buffer = context.getStateStore(TaggerTopology.BUFFER_STORE);
    this.recentEventIds =
        new RecentEventIds(
            context.getStateStore(TaggerTopology.EVENT_ID_STORE), settings.duplicateWindow());
    this.latestTags = context.getStateStore(TaggerTopology.LATEST_TAG_STORE);
    this.reviewCases = context.getStateStore(TaggerTopology.REVIEW_CASE_STORE);
    // After a restore the buffer may hold uploads from before a crash: resume their numbering.
    // Streams calls init again on this same instance when it revives a task whose state it wiped,
    // so the counts start over from the store, never from what an earlier init saw.
    nextSequence = 0;
    pending.clear();
    oldestBufferedAtMs = Long.MAX_VALUE;
    try (KeyValueIterator<Long, BufferedUpload> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, BufferedUpload> entry = all.next();
        nextSequence = entry.key + 1;
        pending.add(entry);
        oldestBufferedAtMs = Math.min(oldestBufferedAtMs, entry.value.bufferedAtMs());
      }
    }
    long tick = Math.max(1, settings.maxWait().toMillis() / 4);
    context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, now -> flushIfDue());
  }

  @Override
  public void process(Record<String, ImageUploaded> record) {
    ImageUploaded upload = record.value();
    if (record.key() == null || !record.key().equals(upload.productId())) {
      throw new UploadRejectedException(
          RejectionReason.SCHEMA_VIOLATION,
          "record key "
              + quoted(record.key())
              + " must equal productId "
              + quoted(upload.productId()));
    }
    if (recentEventIds.contains(upload.eventId(), record.timestamp())) {
      throw new UploadRejectedException(
          RejectionReason.DUPLICATE_EVENT,
          "eventId "
              + upload.eventId()
              + " was already received within "
              + settings.duplicateWindow());
    }
    ModelInput input;
    try {
      input = preprocessor.toModelInput(upload.image());
    } catch (ImageRejectedException e) {
      throw new UploadRejectedException(e.reason(), e.getMessage());
    }
    recentEventIds.add(upload.eventId(), record.timestamp());
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    long now = clock.millis();
    BufferedUpload buffered =
        new BufferedUpload(
            upload.productId(),
            upload.eventId(),
            upload.sellerId(),
            upload.uploadedAt(),
            new SourceRef(meta.topic(), meta.partition(), meta.offset()),
            record.timestamp(),
            now,
            input);
    buffer.put(nextSequence, buffered);
    pending.add(KeyValue.pair(nextSequence++, buffered));
    oldestBufferedAtMs = Math.min(oldestBufferedAtMs, now);
    if (pending.size() >= settings.batchSize()) {
      flush();
    }
    bufferDepth.set(pending.size());
  }

  @Override
  public void close() {
    statistics.forgetBuffer(task);
  }

  private void flushIfDue() {
    if (!pending.isEmpty()
        && clock.millis() - oldestBufferedAtMs >= settings.maxWait().toMillis()) {
      flush();
    }
  }

  /** Classifies the buffer, a batch at a time, while a model is serving. */
  private void flush() {
    while (!pending.isEmpty()) {
      Optional<ServingModel> model = registry.current();
      if (model.isEmpty()) {
        return;
      }
      List<KeyValue<Long, BufferedUpload>> batch = nextBatch();
      List<ModelInput> inputs = batch.stream().map(e -> e.value.input()).toList();
      long started = System.nanoTime();
      List<Prediction> predictions = model.get().predict(inputs);
      // The shadow sees the same tensor's images; only the serving model's answers are emitted.
      Optional<ServingModel> shadow = registry.shadow();
      List<Prediction> shadowPredictions = shadow.map(s -> s.predict(inputs)).orElse(null);
      statistics.recordForwardPass(System.nanoTime() - started, inputs.size());
      double threshold = settings.thresholdFor(model.get());
      Instant taggedAt = clock.instant();
      for (int i = 0; i < batch.size(); i++) {
        ReviewCase.ShadowGuess shadowGuess = null;
        if (shadowPredictions != null) {
          Prediction.ScoredClass guess = shadowPredictions.get(i).best();
          shadowGuess =
              new ReviewCase.ShadowGuess(
                  shadow.get().ref(), new Category(guess.index(), guess.name()));
          statistics.recordShadowComparison(
              shadow.get().ref(),
              model.get().ref(),
              guess.index(),
              predictions.get(i).best().index());
        }
        emit(batch.get(i).value, predictions.get(i), model.get(), threshold, taggedAt, shadowGuess);
        buffer.delete(batch.get(i).key);
        pending.removeFirst();
      }
    }
    oldestBufferedAtMs = Long.MAX_VALUE;
    bufferDepth.set(pending.size());
  }

  /** The oldest buffered uploads, at most a batch of them; they stay buffered until emitted. */
  private List<KeyValue<Long, BufferedUpload>> nextBatch() {
    return pending.stream().limit(settings.batchSize()).toList();
  }

  /** Sends the upload's one output to its topic and keeps it as the product's latest. */
  private void emit(
      BufferedUpload upload,
      Prediction prediction,
      ServingModel model,
      double threshold,
      Instant taggedAt,
      ReviewCase.ShadowGuess shadowGuess) {
    LatestTag output = TagDecision.decide(upload, prediction, model.ref(), threshold, taggedAt);
    boolean tagged = output.outcome() == LatestTag.Outcome.TAGGED;
    context.forward(
        new Record<>(
            upload.productId(), tagged ? output.tagged() : output.review(), upload.timestamp()),
        tagged ? TaggerTopology.TAGS_SINK : TaggerTopology.REVIEW_SINK);
    latestTags.put(upload.productId(), output);
    if (tagged) {
      statistics.recordTagged(output.tagged(), upload.timestamp());
    } else {
      // Kept until a reviewer decides: the review queue, and the image for a labelled example.
      reviewCases.put(
          upload.eventId(),
          ReviewCase.pending(output.review(), upload.input().pixels(), shadowGuess));
      statistics.recordReview(output.review(), upload.timestamp(), upload.input());
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
