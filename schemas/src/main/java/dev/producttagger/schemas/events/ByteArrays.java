package dev.producttagger.schemas.events;

/** Shared by the records that hold bytes, which must not print megabytes in their toString. */
final class ByteArrays {

  private ByteArrays() {}

  /** "byte[784]", or "null". */
  static String describe(byte[] bytes) {
    return bytes == null ? "null" : "byte[" + bytes.length + "]";
  }
}
