package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.tagger.stats.TaggerStatistics;
import java.io.IOException;

/**
 * {@code GET /api/review?limit=N}: the newest uploads sent to review, newest first, with the image
 * the model saw and its best guesses. {@code limit} is 1 to {@value
 * TaggerStatistics#REVIEW_ITEMS_KEPT} (the default); other query parameters are ignored.
 */
final class ReviewEndpoint implements Endpoint {

  private final TaggerStatistics statistics;

  ReviewEndpoint(TaggerStatistics statistics) {
    this.statistics = statistics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    int limit =
        QueryParameters.wholeNumber(
            exchange,
            "limit",
            1,
            TaggerStatistics.REVIEW_ITEMS_KEPT,
            TaggerStatistics.REVIEW_ITEMS_KEPT);
    Responses.json(exchange, 200, statistics.recentReviews(limit));
  }
}
