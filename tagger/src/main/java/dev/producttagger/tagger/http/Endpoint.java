package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Answers a GET on one path; throws {@link HttpError} for requests it refuses. */
@FunctionalInterface
interface Endpoint {
  void handle(HttpExchange exchange) throws IOException;
}
