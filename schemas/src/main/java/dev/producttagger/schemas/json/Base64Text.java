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

  /** Whether {@code text} matches the schemas' base64 pattern; the empty text does. */
  public static boolean isPadded(CharSequence text) {
    return onlyAlphabetAndPad(text) && groupsArePadded(text);
  }

  /**
   * Whether {@code text}, made only of alphabet characters and '=', is whole 4-character groups
   * with '=' only as the last one or two characters.
   */
  static boolean groupsArePadded(CharSequence text) {
    int length = text.length();
    if (length % 4 != 0) {
      return false;
    }
    int firstPad = indexOfPad(text);
    return firstPad < 0
        || firstPad == length - 1
        || (firstPad == length - 2 && text.charAt(length - 1) == '=');
  }

  /** Whether every character of {@code text} is in the standard base64 alphabet or is '='. */
  static boolean onlyAlphabetAndPad(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= ALPHABET_AND_PAD.length || !ALPHABET_AND_PAD[c]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfPad(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '=') {
        return i;
      }
    }
    return -1;
  }
}
