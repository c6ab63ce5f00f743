package dev.producttagger.tagger.http;

import com.sun.net.httpserver.HttpServer;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.review.DecisionLog;
import dev.producttagger.tagger.review.KafkaDecisionLog;
import dev.producttagger.tagger.review.KafkaUploadRecords;
import dev.producttagger.tagger.review.Reviewers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tagger instance's HTTP API and web dashboard, on the JDK's own HTTP server: {@code GET
 * /api/products/{id}}, {@code /api/stats}, {@code /api/review}, {@code /api/reviews/pending},
 * {@code /metrics}, {@code /health}, {@code /ready}, the dashboard at {@code /} and the review page
 * at {@code /review}; {@code POST /api/reviews/decisions} for signed-in reviewers.
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
  private KafkaDecisionLog decisions;
  private KafkaUploadRecords uploads;

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

  /** Binds and serves {@code app} at once, taking no reviewers' decisions. */
  public static TaggerHttpServer start(InetSocketAddress bind, TaggerApp app) throws IOException {
    return start(bind, app, Reviewers.none());
  }

  /** Binds and serves {@code app} at once, taking decisions from {@code reviewers}. */
  public static TaggerHttpServer start(InetSocketAddress bind, TaggerApp app, Reviewers reviewers)
      throws IOException {
    TaggerHttpServer server = bind(bind);
    try {
      return server.serve(app, reviewers);
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

  /** Serves the app's API and dashboard, taking no reviewers' decisions. */
  public TaggerHttpServer serve(TaggerApp app) {
    return serve(app, Reviewers.none());
  }

  /**
   * Serves the app's API, dashboard and review queue; {@code reviewers} may decide review requests,
   * which go to the app's decisions topic.
   */
  public TaggerHttpServer serve(TaggerApp app, Reviewers reviewers) {
    String self =
        app.advertisedServer().map(host -> host.host() + ":" + host.port()).orElse(authority());
    if (reviewers.enabled()) {
      decisions =
          new KafkaDecisionLog(
              app.clientConfigs(), EventTopics.DECISIONS.named(app.settings().decisionsTopic()));
    }
    DecisionLog log =
        decisions != null
            ? decisions
            : (decision, partition) -> {
              throw new IllegalStateException("no reviewers, so no decision gets this far");
            };
    uploads =
        new KafkaUploadRecords(
            app.clientConfigs(), EventTopics.UPLOADS.named(app.settings().uploadsTopic()));
    ReviewDesk desk =
        new ReviewDesk(new StreamsReviewCases(app), new ReviewerAccess(reviewers), log, uploads);
    return serve(
        Router.of(new StreamsLatestTags(app), Readiness.of(app), app.statistics(), self, desk));
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
    if (decisions != null) {
      decisions.close();
    }
    if (uploads != null) {
      uploads.close();
    }
  }
}
