package dev.producttagger.tagger.it;

import dev.producttagger.tagger.cli.TaggerCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagger run} in a JVM of its own, so a test can kill it with SIGKILL: no shutdown hook, no
 * transaction abort, no final commit.
 */
final class TaggerProcess implements AutoCloseable {

  private final Process process;

  private TaggerProcess(Process process) {
    this.process = process;
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
    command.addAll(runArguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new TaggerProcess(builder.start());
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
