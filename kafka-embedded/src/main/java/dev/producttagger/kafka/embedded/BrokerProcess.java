package dev.producttagger.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker alone in a JVM of its own, started and stopped by another JVM: the way a
 * benchmark measures a tagger whose broker runs outside its process, as it does in production. The
 * child prints {@value #READY} and its address once the broker answers, and stops the broker when
 * its standard input ends, so it never outlives the JVM that started it.
 */
public final class BrokerProcess implements AutoCloseable {

  static final String READY = "broker ready at ";

  private final Process process;
  private final String bootstrapServers;

  private BrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a temporary broker in a new JVM with this JVM's class path and waits until it answers.
   *
   * @param log where the child's output goes after its ready line
   * @throws IOException if the child cannot start or exits before it is ready
   */
  public static BrokerProcess start(Path log, Duration timeout) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(BrokerProcess.class.getName());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      String bootstrap = awaitReady(process, log, timeout);
      return new BrokerProcess(process, bootstrap);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads the child's output up to its ready line, then copies the rest to {@code log}. */
  private static String awaitReady(Process process, Path log, Duration timeout) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // A child that hangs before its ready line is killed, which ends the read below.
    Thread watchdog =
        daemon(
            "broker-process-watchdog",
            () -> {
              try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith(READY)) {
        watchdog.interrupt();
        copyInBackground(process.getInputStream(), log);
        return line.substring(READY.length()).trim();
      }
      seen.append(line).append('\n');
    }
    throw new IOException(
        "the broker process ended before it was ready (exit "
            + process.exitValue()
            + "):\n"
            + seen);
  }

  private static void copyInBackground(InputStream output, Path log) {
    daemon(
        "broker-process-log",
        () -> {
          try (InputStream in = output;
              OutputStream out = Files.newOutputStream(log)) {
            in.transferTo(out);
          } catch (IOException e) {
            // The child is gone; its log ends here.
          }
        });
  }

  private static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The address clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The child JVM's process id, to report or to measure its CPU. */
  public long pid() {
    return process.pid();
  }

  /** Ends the child's standard input, which stops its broker, and waits for it to exit. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: a temporary broker on a free port until standard input ends. */
  public static void main(String[] args) throws IOException {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      System.out.println(READY + broker.bootstrapServers());
      System.out.flush();
      System.in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
