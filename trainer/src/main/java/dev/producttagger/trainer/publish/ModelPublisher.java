package dev.producttagger.trainer.publish;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.topics.ProductTopics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a bundle file to the model topic: validates it as a tagger would, creates the topic if
 * it is missing, reads what is published, applies the version rule and the {@link QualityGate},
 * then writes the bundle keyed by its model name.
 *
 * <p>Versions increase monotonically across the whole topic, not per name, because a tagger serves
 * one model and takes only a version above the one it serves. That rule cannot be overruled; the
 * quality gate can ({@code force}), and the outcome lists what was overruled.
 */
public final class ModelPublisher {

  /** What a tagger accepts: the default bundle limits within the topic's largest message. */
  public static final BundleLimits LIMITS =
      BundleLimits.DEFAULT.withMaxTotalBytes(ProductTopics.MAX_BUNDLE_BYTES);

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
   * Publishes the bundle in {@code bundleFile} unless the version rule or the gate refuses it.
   *
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
      Optional<byte[]> hmacKey)
      throws IOException {
    byte[] bytes = readBounded(bundleFile);
    ModelBundle bundle;
    try {
      bundle = ModelBundle.read(bytes, LIMITS, hmacKey);
    } catch (InvalidBundleException e) {
      throw new IOException("invalid bundle " + bundleFile + ": " + e.getMessage(), e);
    }
    topic.createIfMissing();
    PublishedModels published = topic.read(LIMITS, hmacKey);
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
    List<String> objections = gate.objections(bundle.manifest(), published.serving());
    if (!force) {
      reasons.addAll(objections);
    }
    if (!reasons.isEmpty()) {
      return new Outcome.Refused(reasons);
    }

    BundleManifest manifest = bundle.manifest();
    byte[] sent = bytes;
    if (version != manifest.version()) {
      ModelBundle renumbered = renumbered(bundle, version);
      sent = signedAgain(renumbered, bytes, hmacKey);
      manifest = renumbered.manifest();
    }
    RecordMetadata written = topic.publish(manifest.name(), sent);
    return new Outcome.Published(
        manifest, written.partition(), written.offset(), force ? objections : List.of());
  }

  /** The file's bytes, refused before reading when it is larger than any bundle may be. */
  private static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > LIMITS.maxTotalBytes()) {
      throw new IOException(
          "invalid bundle "
              + file
              + ": it has "
              + size
              + " bytes, more than the "
              + LIMITS.maxTotalBytes()
              + " the model topic takes");
    }
    return Files.readAllBytes(file);
  }

  private static ModelBundle renumbered(ModelBundle bundle, long version) {
    BundleManifest m = bundle.manifest();
    BundleManifest manifest =
        new BundleManifest(
            m.schemaVersion(),
            m.name(),
            version,
            m.createdAt(),
            m.architecture(),
            m.classNames(),
            m.input(),
            m.provenance(),
            m.metrics(),
            m.parameterCount(),
            m.weightsSha256(),
            m.networkSha256());
    return new ModelBundle(manifest, bundle.networkJson(), bundle.weights());
  }

  /**
   * A renumbered bundle's bytes; its old signature covered the old manifest, so only the key can
   * sign it again.
   */
  private static byte[] signedAgain(
      ModelBundle renumbered, byte[] original, Optional<byte[]> hmacKey) throws IOException {
    if (hmacKey.isEmpty() && isSigned(original)) {
      throw new IOException(
          "the bundle is signed; changing its version needs the signing key (--hmac-key-file) to"
              + " sign it again");
    }
    return renumbered.toBytes(hmacKey);
  }

  private static boolean isSigned(byte[] validatedBundle) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(validatedBundle))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(ModelBundle.SIGNATURE_ENTRY)) {
          return true;
        }
      }
    }
    return false;
  }
}
