package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Tagger JVMs of one Streams application on one broker, as a fleet runs them: each member with its
 * own state directory and HTTP port, started again on the same directory after a kill or a stop, as
 * a supervisor would.
 */
final class TaggerFleet implements AutoCloseable {

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

  private final Path work;
  private final List<String> commonArguments;
  private final TaggerProcess[] members;
  private final URI[] dashboards;
  private final int[] starts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private TaggerFleet(Path work, int size, List<String> commonArguments) throws IOException {
    this.work = Files.createDirectories(work);
    this.commonArguments = List.copyOf(commonArguments);
    this.members = new TaggerProcess[size];
    this.dashboards = new URI[size];
    this.starts = new int[size];
  }

  /**
   * A fleet on {@code broker} with the tagger's own failover settings, that flush batches after 50
   * ms and tag from a confidence of 0.15, with {@code settings} on top; nothing started yet.
   */
  static TaggerFleet on(EmbeddedKafkaBroker broker, Path work, int size, List<String> settings)
      throws IOException {
    List<String> common =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--max-wait-ms",
                "50",
                "--threshold",
                "0.15"));
    common.addAll(settings);
    return new TaggerFleet(work, size, common);
  }

  /** Starts every member with {@code extra} and waits until each is ready. */
  void startAll(List<String> extra) throws IOException, InterruptedException {
    for (int member = 0; member < members.length; member++) {
      start(member, extra);
    }
    for (int member = 0; member < members.length; member++) {
      awaitReady(member, Duration.ofMinutes(2));
    }
  }

  /** Starts {@code member} on its state directory with the common and {@code extra} arguments. */
  void start(int member, List<String> extra) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(commonArguments);
    arguments.addAll(List.of("--state-dir", work.resolve("state-" + member).toString()));
    arguments.addAll(extra);
    members[member] =
        TaggerProcess.start(
            arguments, work.resolve("member-" + member + "-start-" + ++starts[member] + ".log"));
    dashboards[member] = members[member].dashboard(Duration.ofMinutes(2));
  }

  void kill(int member) throws InterruptedException {
    members[member].kill();
  }

  void stop(int member) throws InterruptedException {
    members[member].stop();
  }

  URI dashboard(int member) {
    return dashboards[member];
  }

  /** GET on the member's HTTP API; -1 when it does not answer. */
  int status(int member, String path) {
    return get(member, path).statusCode();
  }

  /** GET on the member's HTTP API; status -1 and no body when it does not answer. */
  Response get(int member, String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(dashboards[member].resolve(path))
                  .timeout(HTTP_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Response(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, "");
    }
  }

  record Response(int statusCode, String body) {}

  /** Waits until the member's {@code /ready} answers 200; returns how long that took. */
  Duration awaitReady(int member, Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (status(member, "ready") == 200) {
        return Duration.ofNanos(System.nanoTime() - started);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("member " + member + " was not ready within " + timeout + logs());
  }

  /** The end of every member's log, for a failure message. */
  String logs() {
    StringBuilder logs = new StringBuilder();
    for (int i = 0; i < members.length; i++) {
      if (members[i] != null) {
        logs.append("\n--- member ").append(i).append(":\n").append(members[i].logTail());
      }
    }
    return logs.toString();
  }

  /**
   * A product id the producer's default partitioner puts on {@code partition} of {@code
   * partitions}, as it hashes the UTF-8 key.
   */
  static String productOnPartition(String prefix, int partition, int partitions) {
    for (int i = 0; ; i++) {
      String id = prefix + i;
      byte[] key = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % partitions == partition) {
        return id;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (TaggerProcess member : members) {
      if (member != null) {
        member.close();
      }
    }
  }
}
