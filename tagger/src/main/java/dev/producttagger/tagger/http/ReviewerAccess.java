package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.tagger.review.Reviewers;

/**
 * Guards the API's writes: only a reviewer listed in the tagger's reviewers file, proving it with
 * {@code Authorization: Bearer ID:TOKEN} on every request. No cookies are involved, so a page on
 * another site cannot make a browser decide on a reviewer's behalf.
 */
final class ReviewerAccess {

  private final Reviewers reviewers;

  ReviewerAccess(Reviewers reviewers) {
    this.reviewers = reviewers;
  }

  /**
   * The reviewer the request proves.
   *
   * @throws HttpError 403 when this tagger takes no decisions (no reviewers file), 401 when the
   *     credentials are missing or wrong
   */
  String reviewerOf(HttpExchange exchange) {
    if (!reviewers.enabled()) {
      throw new HttpError(
          403, "this tagger takes no decisions: start it with --reviewers FILE to enable them");
    }
    return reviewers
        .authenticate(exchange.getRequestHeaders().getFirst("Authorization"))
        .orElseThrow(
            () -> {
              exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"reviewers\"");
              return new HttpError(401, "sign in as a reviewer: Authorization: Bearer ID:TOKEN");
            });
  }
}
