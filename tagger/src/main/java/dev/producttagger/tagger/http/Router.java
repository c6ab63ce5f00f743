package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.producttagger.tagger.stats.TaggerStatistics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its endpoint and turns every failure into a JSON error: 404 for an unknown
 * path, 405 for a method other than GET, the endpoint's own status for a request it refuses, and
 * 500 (details in the log, never in the response) for a bug.
 */
final class Router implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final Map<String, Endpoint> byPath;
  private final Endpoint products;

  private Router(Map<String, Endpoint> byPath, Endpoint products) {
    this.byPath = Map.copyOf(byPath);
    this.products = products;
  }

  /**
   * @param self this instance's host:port as other instances reach it
   */
  static Router of(LatestTags tags, Readiness readiness, TaggerStatistics statistics, String self) {
    Map<String, Endpoint> byPath = new LinkedHashMap<>();
    byPath.put("/api/stats", exchange -> Responses.json(exchange, 200, statistics.snapshot()));
    byPath.put("/api/review", new ReviewEndpoint(statistics));
    byPath.put("/metrics", metrics(statistics.prometheusRegistry()));
    byPath.put("/health", exchange -> Responses.json(exchange, 200, Map.of("status", "UP")));
    byPath.put("/ready", ready(readiness));
    byPath.putAll(DashboardFiles.endpoints());
    return new Router(byPath, new ProductEndpoint(tags, new PeerProxy(self), self));
  }

  @Override
  public void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try (exchange) {
      try {
        Endpoint endpoint = endpointFor(path);
        if (!method.equals("GET")) {
          exchange.getResponseHeaders().set("Allow", "GET");
          throw new HttpError(405, "method " + method + " is not allowed on " + path + "; use GET");
        }
        endpoint.handle(exchange);
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

  private Endpoint endpointFor(String path) {
    if (path.startsWith(ProductEndpoint.PREFIX)) {
      return products;
    }
    Endpoint endpoint = byPath.get(path);
    if (endpoint == null) {
      throw HttpError.notFound("no such path: " + path);
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
