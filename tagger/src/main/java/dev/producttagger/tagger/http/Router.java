package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.producttagger.tagger.stats.TaggerStatistics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its endpoint and turns every failure into a JSON error: 404 for an unknown
 * path, 405 for a method the path does not take (GET everywhere but the one write, a POST of a
 * reviewer's decision), the endpoint's own status for a request it refuses, and 500 (details in the
 * log, never in the response) for a bug.
 */
final class Router implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final Map<String, Endpoint> byPath;
  private final Map<String, Endpoint> postByPath;
  private final Endpoint products;

  private Router(
      Map<String, Endpoint> byPath, Map<String, Endpoint> postByPath, Endpoint products) {
    this.byPath = Map.copyOf(byPath);
    this.postByPath = Map.copyOf(postByPath);
    this.products = products;
  }

  /**
   * @param self this instance's host:port as other instances reach it
   */
  static Router of(
      LatestTags tags,
      Readiness readiness,
      TaggerStatistics statistics,
      String self,
      ReviewDesk desk) {
    PeerProxy proxy = new PeerProxy(self);
    Map<String, Endpoint> byPath = new LinkedHashMap<>();
    byPath.put("/api/stats", exchange -> Responses.json(exchange, 200, statistics.snapshot()));
    byPath.put("/api/review", new ReviewEndpoint(statistics));
    byPath.put("/api/reviews/pending", new ReviewQueueEndpoint(desk.cases(), proxy));
    byPath.put("/api/reviews/me", DecisionEndpoint.whoAmI(desk.access()));
    byPath.put("/api/reviews/photo", new PhotoEndpoint(desk.uploads()));
    byPath.put("/metrics", metrics(statistics.prometheusRegistry()));
    byPath.put("/health", exchange -> Responses.json(exchange, 200, Map.of("status", "UP")));
    byPath.put("/ready", ready(readiness));
    byPath.putAll(DashboardFiles.endpoints());
    Map<String, Endpoint> postByPath =
        Map.of(
            "/api/reviews/decisions",
            new DecisionEndpoint(desk.access(), desk.decisions(), Clock.systemUTC()));
    return new Router(byPath, postByPath, new ProductEndpoint(tags, proxy, self));
  }

  @Override
  public void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try (exchange) {
      try {
        endpointFor(exchange, method, path).handle(exchange);
      } catch (HttpError refused) {
        Responses.error(exchange, refused);
      } catch (RuntimeException bug) {
        LOG.error("HTTP {} {} failed", method, path, bug);
        Responses.error(exchange, new HttpError(500, "internal error; see the tagger's log"));
      }
    } catch (IOException e) {
      // The client went away, or the response had already begun: there is no one to tell.
      LOG.debug("HTTP {} {}: could not complete the response", method, path, e);
    }
  }

  private Endpoint endpointFor(HttpExchange exchange, String method, String path) {
    Endpoint get = path.startsWith(ProductEndpoint.PREFIX) ? products : byPath.get(path);
    Endpoint post = postByPath.get(path);
    if (get == null && post == null) {
      throw HttpError.notFound("no such path: " + path);
    }
    Endpoint endpoint = method.equals("GET") ? get : method.equals("POST") ? post : null;
    if (endpoint == null) {
      String allowed = get != null ? "GET" : "POST";
      exchange.getResponseHeaders().set("Allow", allowed);
      throw new HttpError(
          405, "method " + method + " is not allowed on " + path + "; use " + allowed);
    }
    return endpoint;
  }

  /** {@code GET /metrics}: the statistics in Prometheus' text format. */
  private static Endpoint metrics(PrometheusRegistry registry) {
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    return exchange -> {
      ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
      writer.write(text, registry.scrape());
      Responses.send(exchange, 200, writer.getContentType(), text.toByteArray());
    };
  }

  /** {@code GET /ready}: 200 when ready, else 503 naming what is missing. */
  private static Endpoint ready(Readiness readiness) {
    return exchange -> {
      var missing = readiness.notReadyBecause();
      if (missing.isPresent()) {
        throw HttpError.unavailable("not ready: " + missing.get());
      }
      Responses.json(exchange, 200, Map.of("status", "READY"));
    };
  }
}
