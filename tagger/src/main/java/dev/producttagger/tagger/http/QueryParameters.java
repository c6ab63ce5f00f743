package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads the query parameters the API takes; other parameters are ignored. */
final class QueryParameters {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private QueryParameters() {}

  /**
   * The whole number {@code name} from {@code min} to {@code max}, or {@code fallback} when absent.
   *
   * @throws HttpError 400 when it is given twice or is not such a number
   */
  static int wholeNumber(HttpExchange exchange, String name, int min, int max, int fallback) {
    return wholeNumber(exchange.getRequestURI().getRawQuery(), name, min, max, fallback);
  }

  static int wholeNumber(String rawQuery, String name, int min, int max, int fallback) {
    return (int) number(rawQuery, name, min, max, fallback);
  }

  /** {@link #wholeNumber} for numbers beyond an int, such as Kafka offsets. */
  static long number(String rawQuery, String name, long min, long max, long fallback) {
    String value = null;
    if (rawQuery != null) {
      for (String parameter : rawQuery.split("&", -1)) {
        int equals = parameter.indexOf('=');
        String key = equals < 0 ? parameter : parameter.substring(0, equals);
        if (key.equals(name)) {
          if (value != null) {
            throw HttpError.badRequest(name + " is given more than once");
          }
          // Malformed escapes never get here: the JDK's server refuses such a request with 400.
          value =
              equals < 0
                  ? ""
                  : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        }
      }
    }
    if (value == null) {
      return fallback;
    }
    if (!DIGITS.matcher(value).matches()
        || Long.parseLong(value) < min
        || Long.parseLong(value) > max) {
      throw HttpError.badRequest(
          name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
    return Long.parseLong(value);
  }
}
