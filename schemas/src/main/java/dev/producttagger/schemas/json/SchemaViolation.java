package dev.producttagger.schemas.json;

/**
 * One way a document breaks its JSON Schema.
 *
 * @param pointer JSON pointer to the offending field (for a missing field, where it should be);
 *     empty for the whole document
 * @param keyword the schema keyword that failed, such as {@code required}, {@code type} or {@code
 *     enum}
 * @param message what is wrong, without the location
 */
public record SchemaViolation(String pointer, String keyword, String message) {

  /**
   * A sentence naming the field and the problem, e.g. "field /image/width: must have a minimum
   * value of 1".
   */
  public String describe() {
    return JsonCodec.describePointer(pointer) + ": " + message;
  }
}
