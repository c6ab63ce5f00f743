package dev.producttagger.tagger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.tagger.review.Reviewers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Requests to a test's HTTP server, and the checks every API answer shares. */
final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private ApiClient() {}

  static HttpResponse<String> request(TaggerHttpServer to, String method, String path)
      throws Exception {
    return send(
        HttpRequest.newBuilder(to.uri().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    assertEquals(
        "application/json; charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow());
    return JSON.readTree(response.body());
  }

  /** Asserts the error shape every refusal shares, and returns its message. */
  static String error(HttpResponse<String> response, int status) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = json(response);
    assertEquals(status, body.get("status").asInt());
    assertTrue(body.get("error").isTextual());
    assertEquals(2, body.size(), body.toString());
    return body.get("error").asText();
  }

  /** A review desk with nothing pending and no reviewers, for tests of the other endpoints. */
  static ReviewDesk noReviews() {
    return new ReviewDesk(
        new ReviewCases() {
          @Override
          public List<dev.producttagger.tagger.topology.ReviewCase> pendingHere(int limit) {
            return List.of();
          }

          @Override
          public List<HostInfo> peers() {
            return List.of();
          }
        },
        new ReviewerAccess(Reviewers.none()),
        (decision, partition) -> {
          throw new AssertionError("no decision can pass without reviewers");
        },
        (partition, offset) -> Optional.empty());
  }
}
