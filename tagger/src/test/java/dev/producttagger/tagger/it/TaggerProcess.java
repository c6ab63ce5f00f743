package dev.producttagger.tagger.it;

import dev.producttagger.tagger.cli.TaggerCli;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tagger run} in a JVM of its own, so a test can kill it with SIGKILL: no shutdown hook, no
 * transaction abort, no final commit.
 */
final class TaggerProcess implements AutoCloseable {

  private static final Pattern DASHBOARD =
      Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/) ");

  /** How much of the log's end a failure message quotes. */
  private static final int LOG_TAIL_CHARS = 4_000;

  private final Process process;
  private final Path log;

  private TaggerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static TaggerProcess start(List<String> runArguments, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TaggerCli.class.getName());
    command.add("run");
    // A free loopback port: the default 8080 may be taken by anything else on the machine.
    command.addAll(List.of("--http-host", "127.0.0.1", "--http-port", "0"));
    // One stream thread each, as docs/reliability.md describes the fleets; the default is one per
    // core.
    command.addAll(List.of("--threads", "1"));
    command.addAll(runArguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new TaggerProcess(builder.start(), log);
  }

  /**
   * The dashboard's address as the process printed it, waiting for the line up to {@code timeout}.
   */
  URI dashboard(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher dashboard = DASHBOARD.matcher(log());
      if (dashboard.find()) {
        return URI.create(dashboard.group(1));
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the tagger printed no dashboard address:\n" + logTail());
  }

  /** SIGTERM, as a supervisor stops a service: the tagger closes cleanly. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the tagger did not stop within 60 s of SIGTERM:\n" + logTail());
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Everything the process printed so far; empty before it printed anything. */
  private String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** The end of the process's output, for a failure message. */
  String logTail() {
    String text = log();
    return text.length() > LOG_TAIL_CHARS ? text.substring(text.length() - LOG_TAIL_CHARS) : text;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
