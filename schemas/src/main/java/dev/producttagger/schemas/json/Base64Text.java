package dev.producttagger.schemas.json;

/**
 * The schemas' base64 rule ({@value PatternMatchers#BASE64}) as a linear scan: the standard
 * alphabet in whole 4-character groups, padded with one or two '=' at the very end.
 */
public final class Base64Text {

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
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!allowed) {
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
