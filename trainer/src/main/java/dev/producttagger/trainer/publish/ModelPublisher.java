package dev.producttagger.trainer.publish;

import dev.producttagger.kafka.modeltopic.ModelRecord;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.modeltopic.PublishedModels;
import dev.producttagger.kafka.modeltopic.VersionChoice;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a bundle file to the model topic: validates it as a tagger would, creates the topic if
 * it is missing, reads what is published, applies the version rule and the {@link QualityGate},
 * then writes the bundle keyed by its model name, or as the shadow model under {@link
 * ModelTopic#SHADOW_KEY}.
 *
 * <p>Versions increase monotonically across the whole topic, not per name, because a tagger serves
 * one model and takes only a version above the one it serves. That rule cannot be overruled; the
 * quality gate can ({@code force}), and the outcome lists what was overruled.
 */
public final class ModelPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

  /** What became of a publish request. */
  public sealed interface Outcome {

    /**
     * The bundle is on the topic; {@code overruled} lists the gate's objections that {@code force}
     * set aside.
     */
    record Published(BundleManifest manifest, int partition, long offset, List<String> overruled)
        implements Outcome {}

    /** Nothing was written, for these reasons. */
    record Refused(List<String> reasons) implements Outcome {}
  }

  private final ModelTopic topic;

  public ModelPublisher(ModelTopic topic) {
    this.topic = topic;
  }

  /**
   * Publishes the bundle as the serving model: {@link #publish(Path, VersionChoice, QualityGate,
   * boolean, Optional, boolean)} without the shadow.
   */
  public Outcome publish(
      Path bundleFile,
      VersionChoice versionChoice,
      QualityGate gate,
      boolean force,
      Optional<byte[]> hmacKey)
      throws IOException {
    return publish(bundleFile, versionChoice, gate, force, hmacKey, false);
  }

  /**
   * Publishes the bundle in {@code bundleFile} unless the version rule or the gate refuses it.
   *
   * @param asShadow publish it as the shadow model, which taggers run beside the serving one
   *     without emitting its tags; its accuracy is then judged on the traffic ({@code tagger models
   *     promote}), so the gate applies only its floor, not the comparison with the serving model
   * @param hmacKey when present, the bundle must be signed with it, and bundles on the topic signed
   *     otherwise do not count as published; a renumbered bundle is re-signed with it
   * @throws IOException if the file is not a valid bundle or the cluster cannot be reached or
   *     written
   */
  public Outcome publish(
      Path bundleFile,
      VersionChoice versionChoice,
      QualityGate gate,
      boolean force,
      Optional<byte[]> hmacKey,
      boolean asShadow)
      throws IOException {
    ValidatedBundle bundle = ValidatedBundle.read(bundleFile, ModelTopic.LIMITS, hmacKey);
    topic.createIfMissing();
    PublishedModels published = topic.read(hmacKey);
    for (ModelRecord record : published.records()) {
      if (record instanceof ModelRecord.Invalid invalid) {
        LOG.warn(
            "ignoring the record at {} offset {}: {}",
            topic.name(),
            invalid.offset(),
            invalid.problem());
      }
    }
    OptionalLong highest = published.highestVersion();
    long version = versionChoice.resolve(bundle.manifest().version(), highest);

    List<String> reasons = new ArrayList<>();
    if (highest.isPresent() && version <= highest.getAsLong()) {
      reasons.add(
          "version "
              + version
              + " is not above the highest published version "
              + highest.getAsLong()
              + " (versions only increase; publish with --version auto for "
              + (highest.getAsLong() + 1)
              + ")");
    }
    List<String> objections =
        gate.objections(
            bundle.manifest(),
            asShadow ? Optional.empty() : published.serving().map(ModelRecord.Valid::manifest));
    if (!force) {
      reasons.addAll(objections);
    }
    if (!reasons.isEmpty()) {
      return new Outcome.Refused(reasons);
    }

    BundleManifest manifest = bundle.manifest().withVersion(version);
    RecordMetadata written =
        topic.publish(
            asShadow ? ModelTopic.SHADOW_KEY : manifest.name(),
            bundle.bytesWith(manifest, hmacKey));
    return new Outcome.Published(
        manifest, written.partition(), written.offset(), force ? objections : List.of());
  }
}
