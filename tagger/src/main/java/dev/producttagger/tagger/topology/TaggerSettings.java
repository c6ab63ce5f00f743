package dev.producttagger.tagger.topology;

import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the tagging topology needs to know; every topic name is configurable.
 *
 * @param decisionsTopic reviewers' decisions, partitioned as the uploads are
 * @param labelledExamplesTopic where decided review images go as training examples
 * @param batchSize a batch is classified as soon as it holds this many uploads
 * @param maxWait ... or when its oldest upload has waited this long (wall clock)
 * @param threshold confidence at or above which a tag is published rather than sent to review;
 *     empty to use the threshold the serving model's trainer chose on validation data
 * @param duplicateWindow how long a repeated eventId is recognised as a duplicate
 */
public record TaggerSettings(
    String uploadsTopic,
    String tagsTopic,
    String reviewTopic,
    String deadLetterTopic,
    String modelsTopic,
    String decisionsTopic,
    String labelledExamplesTopic,
    int batchSize,
    Duration maxWait,
    OptionalDouble threshold,
    Duration duplicateWindow,
    Duration decidedRetention,
    ImageLimits imageLimits) {

  /** Used when neither the settings nor the model name a threshold. */
  public static final double FALLBACK_THRESHOLD = 0.5;

  /**
   * The threshold {@code model}'s predictions are held to: this setting when given, else the one in
   * the model's manifest, else {@link #FALLBACK_THRESHOLD}.
   */
  public double thresholdFor(ServingModel model) {
    if (threshold.isPresent()) {
      return threshold.getAsDouble();
    }
    return Optional.ofNullable(model.manifest().metrics().reviewThreshold())
        .orElse(FALLBACK_THRESHOLD);
  }

  public TaggerSettings {
    Objects.requireNonNull(uploadsTopic);
    Objects.requireNonNull(tagsTopic);
    Objects.requireNonNull(reviewTopic);
    Objects.requireNonNull(deadLetterTopic);
    Objects.requireNonNull(modelsTopic);
    Objects.requireNonNull(decisionsTopic);
    Objects.requireNonNull(labelledExamplesTopic);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maximum wait must be positive, got " + maxWait);
    }
    if (threshold.isPresent() && (threshold.getAsDouble() < 0 || threshold.getAsDouble() > 1)) {
      throw new IllegalArgumentException(
          "threshold must be within [0, 1], got " + threshold.getAsDouble());
    }
    if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
      throw new IllegalArgumentException(
          "duplicate window must be positive, got " + duplicateWindow);
    }
    if (decidedRetention.isNegative() || decidedRetention.isZero()) {
      throw new IllegalArgumentException(
          "decided-case retention must be positive, got " + decidedRetention);
    }
    Objects.requireNonNull(imageLimits);
  }

  /**
   * Classify once this many uploads wait: a forward pass of 256 images is the fastest per image on
   * one thread (docs/benchmarks.md), and a partial batch goes after {@link #DEFAULT_MAX_WAIT_MS}.
   */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /**
   * ... or once the oldest has waited this long: with {@link
   * TaggerStreamsConfig#EXACTLY_ONCE_COMMIT_INTERVAL_MS} commits, p99 stays under 100 ms at half of
   * a 2-core machine's maximum load (docs/benchmarks.md).
   */
  public static final long DEFAULT_MAX_WAIT_MS = 10;

  /**
   * How long a decided review case is kept after its decision, so that a repeated decision for it
   * is recognised as one: a week.
   */
  public static final long DEFAULT_DECIDED_RETENTION_DAYS = 7;

  public static final Duration DEFAULT_DECIDED_RETENTION =
      Duration.ofDays(DEFAULT_DECIDED_RETENTION_DAYS);

  /**
   * Default topics, batches as above, the model's threshold, a 24 h duplicate window, decided cases
   * kept a week.
   */
  public static TaggerSettings defaults() {
    return new TaggerSettings(
        ProductTopics.UPLOADS,
        ProductTopics.TAGS,
        ProductTopics.REVIEW,
        ProductTopics.DEAD_LETTERS,
        ProductTopics.MODELS,
        ProductTopics.DECISIONS,
        ProductTopics.LABELLED_EXAMPLES,
        DEFAULT_BATCH_SIZE,
        Duration.ofMillis(DEFAULT_MAX_WAIT_MS),
        OptionalDouble.empty(),
        Duration.ofHours(24),
        DEFAULT_DECIDED_RETENTION,
        ImageLimits.DEFAULT);
  }

  public TaggerSettings withBatch(int size, Duration wait) {
    return new TaggerSettings(
        uploadsTopic,
        tagsTopic,
        reviewTopic,
        deadLetterTopic,
        modelsTopic,
        decisionsTopic,
        labelledExamplesTopic,
        size,
        wait,
        threshold,
        duplicateWindow,
        decidedRetention,
        imageLimits);
  }

  public TaggerSettings withThreshold(double value) {
    return new TaggerSettings(
        uploadsTopic,
        tagsTopic,
        reviewTopic,
        deadLetterTopic,
        modelsTopic,
        decisionsTopic,
        labelledExamplesTopic,
        batchSize,
        maxWait,
        OptionalDouble.of(value),
        duplicateWindow,
        decidedRetention,
        imageLimits);
  }

  public TaggerSettings withDecidedRetention(Duration retention) {
    return new TaggerSettings(
        uploadsTopic,
        tagsTopic,
        reviewTopic,
        deadLetterTopic,
        modelsTopic,
        decisionsTopic,
        labelledExamplesTopic,
        batchSize,
        maxWait,
        threshold,
        duplicateWindow,
        retention,
        imageLimits);
  }
}
