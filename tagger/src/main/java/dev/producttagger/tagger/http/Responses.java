package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.ReadLimits;
import java.io.IOException;
import java.io.OutputStream;

/** Writes responses: JSON in the events' own conventions (RFC 3339 times, no nulls), or bytes. */
final class Responses {

  static final String JSON = "application/json; charset=utf-8";

  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  /** The body of every error response. */
  record ErrorBody(String error, int status) {}

  private Responses() {}

  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, JSON, CODEC.write(body));
  }

  static void error(HttpExchange exchange, HttpError error) throws IOException {
    json(exchange, error.status(), new ErrorBody(error.getMessage(), error.status()));
  }

  /**
   * Sends a complete body (only its headers for HEAD). API answers change every second, so nothing
   * is cached.
   */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean headersOnly = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, headersOnly ? -1 : body.length);
    if (!headersOnly) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
