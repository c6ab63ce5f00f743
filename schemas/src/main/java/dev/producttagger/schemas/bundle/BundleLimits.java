package dev.producttagger.schemas.bundle;

/**
 * Bounds on a bundle being read, enforced on the bytes actually inflated, never on the sizes a ZIP
 * declares.
 *
 * @param maxTotalBytes the most bytes the bundle may have, both as a ZIP and inflated in total
 * @param maxEntries the most ZIP entries
 * @param maxEntryBytes the most bytes one entry may inflate to
 */
public record BundleLimits(long maxTotalBytes, int maxEntries, long maxEntryBytes) {

  /**
   * 64 MiB in total and per entry, 8 entries: room for models far bigger than Fashion-MNIST needs.
   */
  public static final BundleLimits DEFAULT =
      new BundleLimits(64L * 1024 * 1024, 8, 64L * 1024 * 1024);

  /** An entry is read into one array, which Java caps just below 2 GiB. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  public BundleLimits {
    if (maxTotalBytes < 1 || maxEntries < 1 || maxEntryBytes < 1) {
      throw new IllegalArgumentException(
          "bundle limits must be positive: "
              + maxTotalBytes
              + ", "
              + maxEntries
              + ", "
              + maxEntryBytes);
    }
    if (maxEntryBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          "maxEntryBytes cannot exceed " + MAX_ARRAY_BYTES + ": " + maxEntryBytes);
    }
  }

  /** These limits with another total, e.g. the model topic's largest message. */
  public BundleLimits withMaxTotalBytes(long newMaxTotalBytes) {
    return new BundleLimits(newMaxTotalBytes, maxEntries, maxEntryBytes);
  }
}
