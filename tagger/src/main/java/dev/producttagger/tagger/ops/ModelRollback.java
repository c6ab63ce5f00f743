package dev.producttagger.tagger.ops;

import dev.producttagger.kafka.modeltopic.ModelRecord;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.modeltopic.PublishedModels;
import dev.producttagger.kafka.modeltopic.VersionChoice;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts an earlier model back into service. Taggers take only a version above the one they serve, so
 * the earlier bundle's model (network, weights, metrics, provenance) is published again as the next
 * version, its manifest recording which version it republishes; no quality gate applies, since
 * going back to a worse model is the point.
 */
public final class ModelRollback {

  /**
   * @param from the manifest of the bundle rolled back to
   * @param published the manifest of the bundle now on the topic
   */
  public record Outcome(
      BundleManifest from, BundleManifest published, int partition, long offset) {}

  private final ModelTopic topic;
  private final Clock clock;

  public ModelRollback(ModelTopic topic, Clock clock) {
    this.topic = topic;
    this.clock = clock;
  }

  /**
   * Republishes the bundle published as {@code version}.
   *
   * @param hmacKey the taggers' signing key: bundles on the topic are checked with it and the new
   *     one is signed with it
   * @throws IllegalArgumentException if that version already serves or is not on the topic
   */
  public Outcome toVersion(long version, Optional<byte[]> hmacKey) throws IOException {
    PublishedModels published = topic.read(hmacKey);
    if (published.highestVersion().orElse(0) == version) {
      throw new IllegalArgumentException(
          "version " + version + " is the one the taggers serve; there is nothing to roll back");
    }
    ModelRecord.Valid earlier =
        published
            .version(version)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no valid bundle of version "
                            + version
                            + " is on "
                            + topic.name()
                            + " (compaction keeps only the newest bundle per model name);"
                            + " roll back from the bundle file with --bundle FILE"));
    return republish(earlier.bundle(), published, hmacKey);
  }

  /**
   * Republishes the bundle in {@code file}, for a version compaction has removed from the topic.
   *
   * @throws IOException if the file cannot be read or is not a valid bundle
   */
  public Outcome toBundle(Path file, Optional<byte[]> hmacKey) throws IOException {
    ValidatedBundle bundle = ValidatedBundle.read(file, ModelTopic.LIMITS, hmacKey);
    return republish(bundle, topic.read(hmacKey), hmacKey);
  }

  private Outcome republish(
      ValidatedBundle earlier, PublishedModels published, Optional<byte[]> hmacKey)
      throws IOException {
    BundleManifest from = earlier.manifest();
    long version = new VersionChoice.Auto().resolve(from.version(), published.highestVersion());
    BundleManifest manifest =
        from.republishedAs(version, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    RecordMetadata written = topic.publish(manifest.name(), earlier.bytesWith(manifest, hmacKey));
    return new Outcome(from, manifest, written.partition(), written.offset());
  }
}
