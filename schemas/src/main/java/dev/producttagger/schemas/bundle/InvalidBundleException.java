package dev.producttagger.schemas.bundle;

/**
 * A model bundle that must not be used, with a stable code for what is wrong and a message for
 * humans.
 */
public final class InvalidBundleException extends RuntimeException {

  /** What is wrong with a bundle; stable codes for logs, metrics and alerts. */
  public enum Problem {
    /** The bundle is bigger than {@link BundleLimits#maxTotalBytes()}. */
    TOO_LARGE,
    /** Not a readable ZIP archive: other bytes, an empty archive, or a damaged one. */
    NOT_A_ZIP,
    /** More entries than {@link BundleLimits#maxEntries()}. */
    TOO_MANY_ENTRIES,
    /** An entry the format does not define. */
    UNEXPECTED_ENTRY,
    /** The same entry name twice, which readers could resolve differently. */
    DUPLICATE_ENTRY,
    /** manifest.json, network.json or weights.bin is absent. */
    MISSING_ENTRY,
    /**
     * Entries inflate beyond {@link BundleLimits#maxEntryBytes()} or {@link
     * BundleLimits#maxTotalBytes()}.
     */
    ZIP_BOMB,
    /** manifest.json is not valid JSON or breaks {@code bundle-manifest.schema.json}. */
    BAD_MANIFEST,
    /** network.json or weights.bin does not have the SHA-256 the manifest states. */
    CHECKSUM_MISMATCH,
    /** weights.bin does not hold exactly the manifest's parameterCount float32 values. */
    PARAMETER_COUNT_MISMATCH,
    /** A signing key was given but the bundle has no signature. */
    SIGNATURE_MISSING,
    /** The signature is not the HMAC-SHA256 of manifest.json under the given key. */
    SIGNATURE_INVALID
  }

  private final Problem problem;

  public InvalidBundleException(Problem problem, String message) {
    this(problem, message, null);
  }

  public InvalidBundleException(Problem problem, String message, Throwable cause) {
    super(problem + ": " + message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
