package dev.producttagger.schemas.bundle;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a republished bundle's model came from. Taggers take only versions above the one they
 * serve, so an earlier model goes back into service as a new version; this keeps the link to the
 * version it was first published as.
 *
 * @param version the version whose model this bundle carries
 * @param republishedAt when it was published again
 */
public record Republication(long version, Instant republishedAt) {

  public Republication {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1, not " + version);
    }
    Objects.requireNonNull(republishedAt, "republishedAt");
  }
}
