package dev.producttagger.tagger.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.ReadLimits;
import dev.producttagger.tagger.review.DecisionLog;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /api/reviews/decisions}: a signed-in reviewer decides one review request, with a JSON
 * body naming the request as the queue listed it ({@code eventId}, {@code productId}, {@code
 * partition}, {@code model}) and either {@code category} (its index) or {@code rejectReason}. The
 * decision goes to the decisions topic, in the partition of the reviewed upload; the tagger then
 * tags the product (or dead-letters a decision that answers nothing pending). Answers 202 with
 * where it was written.
 */
final class DecisionEndpoint implements Endpoint {

  /** Far more than any decision needs; a bigger body is refused before it is parsed. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  /** What the API answers for an accepted decision. */
  record Accepted(String status, String eventId, String reviewerId, String writtenAt) {}

  private final ReviewerAccess access;
  private final DecisionLog decisions;
  private final Clock clock;

  DecisionEndpoint(ReviewerAccess access, DecisionLog decisions, Clock clock) {
    this.access = access;
    this.decisions = decisions;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String reviewerId = access.reviewerOf(exchange);
    JsonNode body = body(exchange);
    TagDecided decision = decision(body, reviewerId);
    int partition = wholeNumber(body, "partition", 0, Integer.MAX_VALUE);
    String writtenAt;
    try {
      writtenAt = decisions.append(decision, partition);
    } catch (IOException e) {
      throw HttpError.unavailable(e.getMessage());
    }
    Responses.json(
        exchange, 202, new Accepted("ACCEPTED", decision.eventId(), reviewerId, writtenAt));
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    // Only JSON: a cross-site HTML form cannot send it without a CORS preflight, which this API
    // never grants.
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new HttpError(415, "send the decision as application/json");
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(413, "a decision is at most " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode body = CODEC.readTree(bytes);
      if (!body.isObject()) {
        throw HttpError.badRequest("the decision must be a JSON object");
      }
      return body;
    } catch (JsonInputException e) {
      throw HttpError.badRequest("the decision is not JSON: " + e.getMessage());
    }
  }

  private TagDecided decision(JsonNode body, String reviewerId) {
    String eventId = text(body, "eventId");
    String productId = text(body, "productId");
    ModelRef model;
    try {
      model = CODEC.toValue(required(body, "model"), ModelRef.class);
    } catch (JsonInputException | IllegalArgumentException e) {
      throw HttpError.badRequest("model must be the review's model {name, version, sha256}");
    }
    boolean hasCategory = body.has("category");
    if (hasCategory == body.has("rejectReason")) {
      throw HttpError.badRequest("give either category (its index) or rejectReason");
    }
    if (hasCategory) {
      int index = wholeNumber(body, "category", 0, FashionCategories.NAMES.size() - 1);
      Category category = new Category(index, FashionCategories.NAMES.get(index));
      return TagDecided.category(eventId, productId, category, reviewerId, clock.instant(), model);
    }
    return TagDecided.rejection(
        eventId, productId, text(body, "rejectReason"), reviewerId, clock.instant(), model);
  }

  private static JsonNode required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw HttpError.badRequest(field + " is missing");
    }
    return value;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = required(body, field);
    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 500) {
      throw HttpError.badRequest(field + " must be a non-empty string of at most 500 characters");
    }
    return value.asText();
  }

  private static int wholeNumber(JsonNode body, String field, int min, int max) {
    JsonNode value = required(body, field);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw HttpError.badRequest(field + " must be a whole number");
    }
    int number = value.intValue();
    if (number < min || number > max) {
      throw HttpError.badRequest(field + " must be from " + min + " to " + max + ", got " + number);
    }
    return number;
  }

  /** {@code GET /api/reviews/me}: who the request's credentials prove, for the sign-in form. */
  static Endpoint whoAmI(ReviewerAccess access) {
    return exchange ->
        Responses.json(exchange, 200, Map.of("reviewerId", access.reviewerOf(exchange)));
  }
}
