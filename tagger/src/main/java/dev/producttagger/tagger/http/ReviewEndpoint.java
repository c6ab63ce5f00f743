package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code GET /api/review?limit=N}: the newest uploads sent to review, newest first, with the image
 * the model saw and its best guesses. {@code limit} is 1 to {@value
 * TaggerStatistics#REVIEW_ITEMS_KEPT} (the default); other query parameters are ignored.
 */
final class ReviewEndpoint implements Endpoint {

  private static final String LIMIT = "limit";
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private final TaggerStatistics statistics;

  ReviewEndpoint(TaggerStatistics statistics) {
    this.statistics = statistics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    int limit = limit(exchange.getRequestURI().getRawQuery());
    Responses.json(exchange, 200, statistics.recentReviews(limit));
  }

  static int limit(String rawQuery) {
    String value = null;
    if (rawQuery != null) {
      for (String parameter : rawQuery.split("&", -1)) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        if (name.equals(LIMIT)) {
          if (value != null) {
            throw HttpError.badRequest("limit is given more than once");
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
      return TaggerStatistics.REVIEW_ITEMS_KEPT;
    }
    if (!DIGITS.matcher(value).matches()
        || Integer.parseInt(value) < 1
        || Integer.parseInt(value) > TaggerStatistics.REVIEW_ITEMS_KEPT) {
      throw HttpError.badRequest(
          "limit must be a whole number from 1 to "
              + TaggerStatistics.REVIEW_ITEMS_KEPT
              + ", got '"
              + value
              + "'");
    }
    return Integer.parseInt(value);
  }
}
