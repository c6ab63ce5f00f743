package dev.producttagger.schemas.json;

/**
 * The schemas' base64 rule ({@value PatternMatchers#BASE64}) as a linear scan: the standard
 * alphabet in whole 4-character groups, padded with one or two '=' at the very end.
 */
public final class Base64Text {

  /** Indexed by ASCII code: one load per character rather than six comparisons. */
  private static final boolean[] ALPHABET_AND_PAD = new boolean[128];

  static {
    String allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    for (int i = 0; i < allowed.length(); i++) {
      ALPHABET_AND_PAD[allowed.charAt(i)] = true;
    }
  }

  private Base64Text() {}

  /**
   * Whether {@code text} matches the schemas' base64 pattern; the empty text does. One pass: every
   * upload's image goes through here.
   */
  public static boolean isPadded(CharSequence text) {
    int length = text.length();
    if (length % 4 != 0) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '=') {
        // Padding only as the last one or two characters, and then up to the end.
        return i == length - 1 || (i == length - 2 && text.charAt(length - 1) == '=');
      }
      if (!isAllowed(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every character of {@code text} is in the standard base64 alphabet or is '='. */
  static boolean onlyAlphabetAndPad(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isAllowed(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAllowed(char c) {
    return c < ALPHABET_AND_PAD.length && ALPHABET_AND_PAD[c];
  }
}
