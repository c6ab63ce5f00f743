package dev.producttagger.tagger.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web dashboard's static files, read from the classpath once. Only the files listed here are
 * served, so no request path ever reaches the file system or the class loader.
 */
final class DashboardFiles {

  private static final String DIRECTORY = "dashboard/";

  private DashboardFiles() {}

  /** Request path to endpoint. */
  static Map<String, Endpoint> endpoints() {
    Map<String, Endpoint> files = new LinkedHashMap<>();
    files.put("/", file("index.html", "text/html; charset=utf-8"));
    files.put("/dashboard.css", file("dashboard.css", "text/css; charset=utf-8"));
    files.put("/dashboard.js", file("dashboard.js", "text/javascript; charset=utf-8"));
    files.put("/review", file("review.html", "text/html; charset=utf-8"));
    files.put("/review.js", file("review.js", "text/javascript; charset=utf-8"));
    files.put(
        "/vendor/chart.umd.min.js",
        file("vendor/chart.umd.min.js", "text/javascript; charset=utf-8"));
    return files;
  }

  private static Endpoint file(String name, String contentType) {
    byte[] content;
    try (InputStream in = DashboardFiles.class.getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file " + name + " is missing from the build");
      }
      content = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return exchange -> Responses.send(exchange, 200, contentType, content);
  }
}
