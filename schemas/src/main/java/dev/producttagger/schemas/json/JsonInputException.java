package dev.producttagger.schemas.json;

/**
 * A JSON document could not be read or mapped; says what kind of failure, where, and why in words.
 */
public final class JsonInputException extends RuntimeException {

  /** What went wrong, coarse enough for callers to pick their own error codes. */
  public enum Kind {
    /** Not a single well-formed UTF-8 JSON value, or beyond the nesting or token limits. */
    MALFORMED,
    /** A string value is longer than {@link ReadLimits#maxStringLength()}. */
    STRING_TOO_LONG,
    /** Well-formed JSON whose value does not fit the Java type. */
    UNMAPPABLE
  }

  private final Kind kind;
  private final String pointer;

  /**
   * @param pointer JSON pointer to where reading stopped or to the offending field; empty for the
   *     whole document
   * @param detail a sentence naming the field and the problem
   */
  public JsonInputException(Kind kind, String pointer, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = kind;
    this.pointer = pointer;
  }

  public Kind kind() {
    return kind;
  }

  /** JSON pointer to the offending field, or the empty string for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** A sentence naming the field and the problem. */
  public String detail() {
    return getMessage();
  }
}
