package dev.producttagger.schemas.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input record the tagger could not tag, kept whole for a re-drive; on {@code
 * product-image-uploads-dlq} with the original key. Schema: {@code upload-rejected.schema.json}.
 *
 * @param schemaVersion the contract version the writer followed, {@link #CURRENT_SCHEMA_VERSION}
 * @param detail what was wrong, for a human
 * @param source where the rejected record was
 * @param originalKey the record's key bytes, null if the key was null
 * @param originalValue the record's value bytes, null if the value was null
 */
public record UploadRejected(
    int schemaVersion,
    RejectionReason reason,
    String detail,
    SourceRef source,
    byte[] originalKey,
    byte[] originalValue,
    Instant rejectedAt) {

  /** The version of this contract that this record implements. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public UploadRejected {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rejectedAt, "rejectedAt");
  }

  /** An event of the {@linkplain #CURRENT_SCHEMA_VERSION current version}. */
  public UploadRejected(
      RejectionReason reason,
      String detail,
      SourceRef source,
      byte[] originalKey,
      byte[] originalValue,
      Instant rejectedAt) {
    this(CURRENT_SCHEMA_VERSION, reason, detail, source, originalKey, originalValue, rejectedAt);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UploadRejected that
        && schemaVersion == that.schemaVersion
        && reason == that.reason
        && detail.equals(that.detail)
        && source.equals(that.source)
        && Arrays.equals(originalKey, that.originalKey)
        && Arrays.equals(originalValue, that.originalValue)
        && rejectedAt.equals(that.rejectedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        schemaVersion,
        reason,
        detail,
        source,
        Arrays.hashCode(originalKey),
        Arrays.hashCode(originalValue),
        rejectedAt);
  }

  @Override
  public String toString() {
    return "UploadRejected[schemaVersion="
        + schemaVersion
        + ", reason="
        + reason
        + ", detail="
        + detail
        + ", source="
        + source
        + ", originalKey="
        + ByteArrays.describe(originalKey)
        + ", originalValue="
        + ByteArrays.describe(originalValue)
        + ", rejectedAt="
        + rejectedAt
        + "]";
  }
}
