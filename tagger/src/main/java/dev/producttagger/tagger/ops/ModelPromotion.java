package dev.producttagger.tagger.ops;

import dev.producttagger.kafka.examples.LabelledExamples;
import dev.producttagger.kafka.modeltopic.ModelRecord;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.modeltopic.PublishedModels;
import dev.producttagger.kafka.modeltopic.VersionChoice;
import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.Prediction;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Makes the shadow model the serving one when the traffic says it is better: both models classify
 * the reviewers' labelled examples that the shadow cannot have trained on (decided after it was
 * made), and the shadow is promoted only when its accuracy beats the serving model's with the 95%
 * interval of the paired difference above zero, unless forced. Promotion is two records on the
 * model topic, so a replay of the topic reproduces it: the shadow's bundle published again under
 * its name as the next version (its manifest recording the version it republishes), then a
 * tombstone that retires the shadow.
 */
public final class ModelPromotion {

  /** Two-sided 95% normal quantile. */
  private static final double Z95 = 1.959964;

  private static final int BATCH = 256;

  /**
   * How the two models did on the same decided uploads.
   *
   * @param examples decided uploads both were measured on
   * @param onlyServingRight examples the serving model got right and the shadow wrong
   * @param onlyShadowRight examples the shadow got right and the serving model wrong
   */
  public record Evidence(
      BundleManifest serving,
      BundleManifest shadow,
      int examples,
      int servingCorrect,
      int shadowCorrect,
      int onlyServingRight,
      int onlyShadowRight) {

    public double servingAccuracy() {
      return examples == 0 ? 0 : (double) servingCorrect / examples;
    }

    public double shadowAccuracy() {
      return examples == 0 ? 0 : (double) shadowCorrect / examples;
    }

    /** Shadow accuracy minus serving accuracy. */
    public double difference() {
      return shadowAccuracy() - servingAccuracy();
    }

    /**
     * The 95% interval of {@link #difference()} for paired answers on the same examples (the normal
     * approximation McNemar's test rests on); [0, 0] without examples.
     */
    public double[] interval() {
      if (examples == 0) {
        return new double[] {0, 0};
      }
      double n = examples;
      double discordant = onlyServingRight + onlyShadowRight;
      double shift = onlyShadowRight - onlyServingRight;
      double standardError = Math.sqrt(Math.max(0, discordant - shift * shift / n)) / n;
      return new double[] {difference() - Z95 * standardError, difference() + Z95 * standardError};
    }

    /** Whether the shadow is better beyond chance: enough examples, interval above zero. */
    public boolean shadowBeatsServing(int minExamples) {
      return examples >= minExamples && interval()[0] > 0;
    }
  }

  /** What {@link #promote} did. */
  public sealed interface Outcome {
    Evidence evidence();

    /** The shadow now serves, as {@code published}. */
    record Promoted(Evidence evidence, BundleManifest published, int partition, long offset)
        implements Outcome {}

    /** The evidence did not show the shadow better; nothing was written. */
    record Refused(Evidence evidence, String reason) implements Outcome {}
  }

  private final ModelTopic models;
  private final Clock clock;

  public ModelPromotion(ModelTopic models, Clock clock) {
    this.models = models;
    this.clock = clock;
  }

  /**
   * Compares the shadow with the serving model on {@code examples} and promotes it if it wins, or
   * in any case with {@code force}.
   *
   * @param hmacKey the taggers' signing key: bundles on the topic are checked with it, and the
   *     promoted bundle is signed with it
   * @throws IllegalArgumentException if the topic has no serving model or no shadow
   */
  public Outcome promote(
      LabelledExamples examples, int minExamples, boolean force, Optional<byte[]> hmacKey)
      throws IOException {
    PublishedModels published = models.read(hmacKey);
    ModelRecord.Valid serving =
        published
            .serving()
            .orElseThrow(() -> new IllegalArgumentException("no model serves on " + models.name()));
    ModelRecord.Valid shadow =
        published
            .shadow()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no shadow model on "
                            + models.name()
                            + "; publish one with 'trainer publish --shadow'"));
    Evidence evidence = compare(serving, shadow, unseenBy(shadow.manifest(), examples));
    if (!force && !evidence.shadowBeatsServing(minExamples)) {
      String reason =
          evidence.examples() < minExamples
              ? "only "
                  + evidence.examples()
                  + " decided uploads the shadow never saw, fewer than --min-decided "
                  + minExamples
              : "the shadow does not beat the serving model beyond chance";
      return new Outcome.Refused(evidence, reason);
    }
    BundleManifest from = shadow.manifest();
    long version = new VersionChoice.Auto().resolve(from.version(), published.highestVersion());
    BundleManifest promoted =
        from.republishedAs(version, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    RecordMetadata written =
        models.publish(promoted.name(), shadow.bundle().bytesWith(promoted, hmacKey));
    models.publish(ModelTopic.SHADOW_KEY, null);
    return new Outcome.Promoted(evidence, promoted, written.partition(), written.offset());
  }

  /** The examples decided after the shadow was made: none of them can be in its training data. */
  static List<LabelledExample> unseenBy(BundleManifest shadow, LabelledExamples examples) {
    return examples.examples().stream()
        .filter(example -> example.decidedAt().isAfter(shadow.createdAt()))
        .toList();
  }

  static Evidence compare(
      ModelRecord.Valid serving, ModelRecord.Valid shadow, List<LabelledExample> examples) {
    Predictor servingModel = load(serving);
    Predictor shadowModel = load(shadow);
    int servingCorrect = 0;
    int shadowCorrect = 0;
    int onlyServing = 0;
    int onlyShadow = 0;
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<LabelledExample> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
      List<ModelInput> inputs = new ArrayList<>(batch.size());
      batch.forEach(example -> inputs.add(new ModelInput(example.pixels())));
      List<Prediction> byServing = servingModel.predict(inputs);
      List<Prediction> byShadow = shadowModel.predict(inputs);
      for (int i = 0; i < batch.size(); i++) {
        int label = batch.get(i).label().index();
        boolean servingRight = byServing.get(i).best().index() == label;
        boolean shadowRight = byShadow.get(i).best().index() == label;
        servingCorrect += servingRight ? 1 : 0;
        shadowCorrect += shadowRight ? 1 : 0;
        onlyServing += servingRight && !shadowRight ? 1 : 0;
        onlyShadow += shadowRight && !servingRight ? 1 : 0;
      }
    }
    return new Evidence(
        serving.manifest(),
        shadow.manifest(),
        examples.size(),
        servingCorrect,
        shadowCorrect,
        onlyServing,
        onlyShadow);
  }

  private static Predictor load(ModelRecord.Valid record) {
    try {
      return new ModelLoader(FashionCategories.NAMES).load(record.bundle().contents()).predictor();
    } catch (ModelRejectedException e) {
      throw new IllegalArgumentException(
          record.manifest().name()
              + " v"
              + record.manifest().version()
              + " cannot serve: "
              + e.getMessage(),
          e);
    }
  }
}
