package dev.producttagger.schemas.json;

/**
 * Bounds on one JSON document, enforced while it is parsed so that hostile input costs at most
 * about as much memory as the limits allow.
 *
 * @param maxNestingDepth deepest allowed nesting of objects and arrays
 * @param maxStringLength longest allowed string value, in characters
 * @param maxTokenCount most tokens (names, values, brackets) in one document
 */
public record ReadLimits(int maxNestingDepth, int maxStringLength, long maxTokenCount) {

  /** Our documents nest three or four levels deep; anything near this is an attack or a bug. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 32;

  /** Far above any real event or manifest, low enough to bound the size of a parsed tree. */
  public static final long DEFAULT_MAX_TOKEN_COUNT = 100_000;

  /**
   * Strings that carry no binary payload (ids, names, details) stay well below this: 64 Ki
   * characters.
   */
  public static final int MIN_STRING_LENGTH = 64 * 1024;

  /** For documents with no binary payload: events, manifests. */
  public static final ReadLimits TEXT_ONLY =
      new ReadLimits(DEFAULT_MAX_NESTING_DEPTH, MIN_STRING_LENGTH, DEFAULT_MAX_TOKEN_COUNT);

  public ReadLimits {
    if (maxNestingDepth < 1 || maxStringLength < 1 || maxTokenCount < 1) {
      throw new IllegalArgumentException(
          "read limits must be positive: "
              + maxNestingDepth
              + ", "
              + maxStringLength
              + ", "
              + maxTokenCount);
    }
  }

  /**
   * Limits for documents whose largest string is a base64 payload of at most {@code maxBinaryBytes}
   * bytes.
   */
  public static ReadLimits forBinaryPayload(long maxBinaryBytes) {
    if (maxBinaryBytes < 0) {
      throw new IllegalArgumentException("maxBinaryBytes must not be negative: " + maxBinaryBytes);
    }
    long base64Length = 4 * ((maxBinaryBytes + 2) / 3);
    if (base64Length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a base64 payload of " + maxBinaryBytes + " bytes does not fit in one Java string");
    }
    return new ReadLimits(
        DEFAULT_MAX_NESTING_DEPTH,
        Math.max((int) base64Length, MIN_STRING_LENGTH),
        DEFAULT_MAX_TOKEN_COUNT);
  }
}
