package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks other instances: forwards a request to the instance that holds a product and relays its
 * answer (status, body, {@link ProductEndpoint#SERVED_BY}) as it is, errors included, or fetches an
 * instance's own part of an answer that every instance holds a part of.
 */
final class PeerProxy {

  /** Marks a forwarded request, so the receiver answers it itself or refuses, never forwards. */
  static final String FORWARDED_BY = "X-Forwarded-By-Tagger";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String self;

  /**
   * @param self this instance's host:port, named in {@link #FORWARDED_BY}
   */
  PeerProxy(String self) {
    this.self = self;
  }

  static boolean wasForwarded(HttpExchange exchange) {
    return exchange.getRequestHeaders().containsKey(FORWARDED_BY);
  }

  void forward(HostInfo peer, HttpExchange exchange) throws IOException {
    HttpResponse<byte[]> answer =
        send(peer, exchange.getRequestURI().getRawPath(), " holds the product but");
    answer
        .headers()
        .firstValue(ProductEndpoint.SERVED_BY)
        .ifPresent(
            servedBy -> exchange.getResponseHeaders().set(ProductEndpoint.SERVED_BY, servedBy));
    Responses.send(
        exchange,
        answer.statusCode(),
        answer.headers().firstValue("Content-Type").orElse(Responses.JSON),
        answer.body());
  }

  /**
   * The body of a peer's 200 answer to a GET of {@code pathAndQuery}, asked as a forwarded request
   * so that the peer answers for itself only.
   *
   * @throws HttpError 503 when the peer does not answer, or answers with another status
   */
  byte[] get(HostInfo peer, String pathAndQuery) {
    HttpResponse<byte[]> answer = send(peer, pathAndQuery, "");
    if (answer.statusCode() != 200) {
      throw HttpError.unavailable(
          "instance " + peer.host() + ":" + peer.port() + " answered " + answer.statusCode());
    }
    return answer.body();
  }

  /**
   * @param holds what the peer was asked for, between its address and "did not answer"
   */
  private HttpResponse<byte[]> send(HostInfo peer, String pathAndQuery, String holds) {
    String host = peer.host().contains(":") ? "[" + peer.host() + "]" : peer.host();
    URI target = URI.create("http://" + host + ":" + peer.port() + pathAndQuery);
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(ANSWER_TIMEOUT)
            .header(FORWARDED_BY, self)
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw HttpError.unavailable(
          "instance " + peer.host() + ":" + peer.port() + holds + " did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HttpError.unavailable("interrupted while asking " + peer.host() + ":" + peer.port());
    }
  }
}
