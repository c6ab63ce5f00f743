package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.review.Reviewers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Option;

/**
 * Where a tagger serves its HTTP API and dashboard, how other instances reach it, and who may
 * decide review requests there.
 */
final class HttpOptions {

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "Port of the HTTP API and dashboard; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--http-host",
      defaultValue = "0.0.0.0",
      description = "Address the HTTP server binds to (default: ${DEFAULT-VALUE}, all interfaces).")
  String httpHost;

  @Option(
      names = "--advertised-http",
      paramLabel = "HOST:PORT",
      description =
          "Where other instances reach this one's HTTP API, to answer for products it holds"
              + " (Kafka Streams' application.server). Default: the bind address and port, with"
              + " this machine's host name for 0.0.0.0.")
  String advertisedHttp;

  @Option(
      names = "--reviewers",
      paramLabel = "FILE",
      description =
          "Reviewers who may decide review requests in the review queue (/review): one per line"
              + " as 'tagger reviewers add' writes them. Without it the queue is read-only.")
  Path reviewersFile;

  /** The reviewers of --reviewers, or none; a file that is not a reviewers file fails here. */
  Reviewers reviewers() throws IOException {
    return reviewersFile == null ? Reviewers.none() : Reviewers.read(reviewersFile);
  }

  /**
   * Binds the server (before the app starts, so that port 0 is resolved when application.server
   * names it) and sets {@code application.server} in {@code streamsProperties}; returns the
   * advertised address through {@link Bound#advertised()}.
   */
  Bound bind(Properties streamsProperties) throws IOException {
    HostInfo given = parseAdvertised();
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be from 0 to 65535, got " + httpPort);
    }
    TaggerHttpServer server;
    try {
      server = TaggerHttpServer.bind(new InetSocketAddress(httpHost, httpPort));
    } catch (IOException e) {
      throw new IOException(
          "cannot serve HTTP on " + httpHost + ":" + httpPort + ": " + e.getMessage(), e);
    }
    HostInfo advertised = given != null ? given : defaultAdvertised(server.port());
    streamsProperties.put(
        StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
    return new Bound(server, advertised);
  }

  /** A bound server and the address it is advertised under. */
  record Bound(TaggerHttpServer server, HostInfo advertised) {
    String dashboardUrl() {
      return "http://" + advertised.host() + ":" + advertised.port() + "/";
    }
  }

  private HostInfo parseAdvertised() {
    if (advertisedHttp == null) {
      return null;
    }
    HostInfo given;
    try {
      given = HostInfo.buildFromEndpoint(advertisedHttp);
    } catch (ConfigException e) {
      given = null;
    }
    if (given == null || given.host().isBlank() || given.port() < 1 || given.port() > 65535) {
      throw new IllegalArgumentException(
          "--advertised-http must be HOST:PORT with a port from 1 to 65535, got '"
              + advertisedHttp
              + "'");
    }
    return given;
  }

  /** The bind address; for all interfaces this machine's name, as Kafka advertises listeners. */
  private HostInfo defaultAdvertised(int boundPort) throws IOException {
    InetAddress bound = InetAddress.getByName(httpHost);
    String host = bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : httpHost;
    return new HostInfo(host, boundPort);
  }
}
