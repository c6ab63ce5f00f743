package dev.producttagger.tagger.topology;

import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.ReviewerDecision;
import dev.producttagger.schemas.events.ScoredCategory;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.events.TagReviewRequested;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a reviewer's decision into the product's final outcome: a chosen category becomes its
 * {@link ProductTagged}, marked as decided by a person, and the image the model saw becomes a
 * {@link LabelledExample}; a rejection leaves the product without a category. Runs in the task that
 * sent the upload to review (decisions share the uploads' partitioning), so the review case, the
 * outputs and the offsets commit in one transaction: each decision counts exactly once.
 *
 * <p>A decision for an upload that was never sent to review, or was decided already, or naming a
 * category the tagger does not have, is dead-lettered with its reason, like a bad upload.
 *
 * <p>A decided case is kept for {@link TaggerSettings#decidedRetention} so that a repeated decision
 * is recognised as one, then removed: the store holds the queue and recent history, not every
 * review ever.
 */
final class DecisionProcessor implements Processor<String, TagDecided, String, Object> {

  private static final Duration SWEEP_EVERY = Duration.ofHours(1);

  private final Duration decidedRetention;
  private final TaggerStatistics statistics;
  private final Clock clock;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, ReviewCase> reviewCases;
  private KeyValueStore<String, LatestTag> latestTags;

  DecisionProcessor(Duration decidedRetention, TaggerStatistics statistics, Clock clock) {
    this.decidedRetention = decidedRetention;
    this.statistics = statistics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.reviewCases = context.getStateStore(TaggerTopology.REVIEW_CASE_STORE);
    this.latestTags = context.getStateStore(TaggerTopology.LATEST_TAG_STORE);
    context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> removeOldDecisions());
  }

  /** Deletes the cases decided longer than the retention ago. */
  private void removeOldDecisions() {
    Instant cutoff = clock.instant().minus(decidedRetention);
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, ReviewCase> all = reviewCases.all()) {
      all.forEachRemaining(
          entry -> {
            if (!entry.value.pending() && entry.value.decision().decidedAt().isBefore(cutoff)) {
              expired.add(entry.key);
            }
          });
    }
    expired.forEach(reviewCases::delete);
  }

  @Override
  public void process(Record<String, TagDecided> record) {
    TagDecided decision = record.value();
    if (decision == null) {
      throw new UploadRejectedException(
          RejectionReason.SCHEMA_VIOLATION, "a decision cannot be empty (a tombstone)");
    }
    if (!decision.productId().equals(record.key())) {
      throw new UploadRejectedException(
          RejectionReason.SCHEMA_VIOLATION,
          "record key '" + record.key() + "' must equal productId '" + decision.productId() + "'");
    }
    ReviewCase reviewCase = reviewCases.get(decision.eventId());
    if (reviewCase == null || !reviewCase.review().productId().equals(decision.productId())) {
      throw new UploadRejectedException(
          RejectionReason.UNKNOWN_REVIEW,
          "no review was requested for eventId "
              + decision.eventId()
              + " of product "
              + decision.productId());
    }
    if (!reviewCase.pending()) {
      TagDecided first = reviewCase.decision();
      throw new UploadRejectedException(
          RejectionReason.ALREADY_DECIDED,
          "eventId "
              + decision.eventId()
              + " was decided by "
              + first.reviewerId()
              + " at "
              + first.decidedAt());
    }
    checkAnswers(reviewCase.review(), decision);
    reviewCases.put(decision.eventId(), reviewCase.decidedBy(decision));
    if (decision.rejected()) {
      keepAsLatest(LatestTag.rejected(decision));
    } else {
      ProductTagged tagged = tagOf(reviewCase.review(), decision);
      context.forward(
          new Record<>(tagged.productId(), tagged, record.timestamp()), TaggerTopology.TAGS_SINK);
      keepAsLatest(LatestTag.of(tagged));
      LabelledExample example =
          new LabelledExample(
              decision.eventId(),
              decision.productId(),
              reviewCase.pixels(),
              decision.category(),
              decision.reviewerId(),
              decision.decidedAt(),
              decision.model());
      context.forward(
          new Record<>(example.eventId(), example, record.timestamp()),
          TaggerTopology.EXAMPLES_SINK);
    }
    statistics.recordDecision(decision);
    if (!decision.rejected() && reviewCase.shadowGuess() != null) {
      statistics.recordShadowDecision(
          reviewCase.shadowGuess().model(),
          decision.category().index(),
          reviewCase.review().category().index(),
          reviewCase.shadowGuess().category().index());
    }
  }

  /** The decision must answer the model that asked, with one of the tagger's categories. */
  private static void checkAnswers(TagReviewRequested review, TagDecided decision) {
    if (!decision.model().equals(review.model())) {
      throw new UploadRejectedException(
          RejectionReason.INVALID_DECISION,
          "the decision answers "
              + decision.model()
              + " but "
              + review.model()
              + " asked for the review");
    }
    if (decision.category() != null) {
      FashionCategories.problemWith(decision.category())
          .ifPresent(
              problem -> {
                throw new UploadRejectedException(RejectionReason.INVALID_DECISION, problem);
              });
    }
  }

  /**
   * The reviewer's tag: the model's probability for the chosen category as its confidence (0 when
   * it was not among the model's best three), the model's best three, and who decided.
   */
  private ProductTagged tagOf(TagReviewRequested review, TagDecided decision) {
    double confidence =
        review.top().stream()
            .filter(scored -> scored.index() == decision.category().index())
            .mapToDouble(ScoredCategory::probability)
            .findFirst()
            .orElse(0);
    return new ProductTagged(
        ProductTagged.CURRENT_SCHEMA_VERSION,
        review.eventId(),
        review.productId(),
        review.sellerId(),
        decision.category(),
        confidence,
        review.top(),
        review.model(),
        review.source(),
        review.uploadedAt(),
        clock.instant(),
        new ReviewerDecision(decision.reviewerId(), decision.decidedAt()));
  }

  /** The decision becomes the product's latest outcome unless a newer upload has replaced it. */
  private void keepAsLatest(LatestTag outcome) {
    LatestTag latest = latestTags.get(outcome.productId());
    if (latest == null || latest.eventId().equals(outcome.eventId())) {
      latestTags.put(outcome.productId(), outcome);
    }
  }
}
