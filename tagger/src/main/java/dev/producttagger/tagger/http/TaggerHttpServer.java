package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpServer;
import dev.producttagger.tagger.app.TaggerApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tagger instance's HTTP API and web dashboard, on the JDK's own HTTP server: {@code GET
 * /api/products/{id}}, {@code /api/stats}, {@code /api/review}, {@code /metrics}, {@code /health},
 * {@code /ready}, and the dashboard at {@code /}.
 *
 * <p>Usually one call: {@link #start}. When other instances must be told this one's port before it
 * is known ({@code application.server} with port 0), {@link #bind} first, start the app with {@link
 * #port()}, then {@link #serve}.
 */
public final class TaggerHttpServer implements AutoCloseable {

  /**
   * Enough for the dashboard's polling and a few forwarded requests waiting on another instance.
   */
  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;
  private boolean serving;

  private TaggerHttpServer(HttpServer server) {
    this.server = server;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, "tagger-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Binds and serves {@code app} at once. */
  public static TaggerHttpServer start(InetSocketAddress bind, TaggerApp app) throws IOException {
    TaggerHttpServer server = bind(bind);
    try {
      return server.serve(app);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Binds the address (port 0 picks a free one) without serving yet: requests wait until {@link
   * #serve}.
   */
  public static TaggerHttpServer bind(InetSocketAddress bind) throws IOException {
    return new TaggerHttpServer(HttpServer.create(bind, 0));
  }

  /** Serves the app's API and dashboard. */
  public TaggerHttpServer serve(TaggerApp app) {
    String self =
        app.advertisedServer().map(host -> host.host() + ":" + host.port()).orElse(authority());
    return serve(Router.of(new StreamsLatestTags(app), Readiness.of(app), app.statistics(), self));
  }

  synchronized TaggerHttpServer serve(Router router) {
    if (serving) {
      throw new IllegalStateException("already serving");
    }
    serving = true;
    server.createContext("/", router);
    server.setExecutor(executor);
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where this machine reaches the server: the loopback address when bound to all interfaces. */
  public URI uri() {
    return URI.create("http://" + authority() + "/");
  }

  private String authority() {
    InetAddress address = server.getAddress().getAddress();
    String host =
        address.isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress().getHostAddress()
            : address.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  @Override
  public void close() {
    // At once: the JDK 17 server waits out any grace period even when idle. Answers in flight are
    // cut; clients retry, as they must across any restart.
    server.stop(0);
    executor.shutdownNow();
  }
}
