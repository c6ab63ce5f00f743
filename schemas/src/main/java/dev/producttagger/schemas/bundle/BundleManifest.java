package dev.producttagger.schemas.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code manifest.json} of a model bundle: what the model is, what it expects, how it was made and
 * how well it does. Schema: {@code bundle-manifest.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param name the model's name, also its key on the model topic
 * @param version increases with every bundle published under the name; at least 1
 * @param architecture the network's design, such as "paper-dropout"
 * @param classNames class names in the order of the network's outputs
 * @param parameterCount how many float32 values {@code weights.bin} holds
 * @param weightsSha256 SHA-256 (hex) of {@code weights.bin}
 * @param networkSha256 SHA-256 (hex) of {@code network.json}
 * @param republishedFrom set when this bundle is an earlier version's model published again under a
 *     new version (a rollback), null for a model published as it was made
 */
public record BundleManifest(
    int schemaVersion,
    String name,
    long version,
    Instant createdAt,
    String architecture,
    List<String> classNames,
    InputSpec input,
    Provenance provenance,
    Metrics metrics,
    long parameterCount,
    String weightsSha256,
    String networkSha256,
    Republication republishedFrom) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public BundleManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(architecture, "architecture");
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    Objects.requireNonNull(networkSha256, "networkSha256");
  }

  /**
   * A manifest of the {@linkplain #CURRENT_SCHEMA_VERSION current version} for a model published as
   * it was made.
   */
  public BundleManifest(
      String name,
      long version,
      Instant createdAt,
      String architecture,
      List<String> classNames,
      InputSpec input,
      Provenance provenance,
      Metrics metrics,
      long parameterCount,
      String weightsSha256,
      String networkSha256) {
    this(
        CURRENT_SCHEMA_VERSION,
        name,
        version,
        createdAt,
        architecture,
        classNames,
        input,
        provenance,
        metrics,
        parameterCount,
        weightsSha256,
        networkSha256,
        null);
  }

  /** This manifest under another version, everything else unchanged. */
  public BundleManifest withVersion(long newVersion) {
    return with(newVersion, republishedFrom);
  }

  /**
   * This manifest as version {@code newVersion}, recording that it republishes this version's
   * model; what the model is and how well it does stay as they were.
   */
  public BundleManifest republishedAs(long newVersion, Instant republishedAt) {
    return with(newVersion, new Republication(version, republishedAt));
  }

  private BundleManifest with(long newVersion, Republication origin) {
    return new BundleManifest(
        schemaVersion,
        name,
        newVersion,
        createdAt,
        architecture,
        classNames,
        input,
        provenance,
        metrics,
        parameterCount,
        weightsSha256,
        networkSha256,
        origin);
  }
}
