package dev.producttagger.tagger.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's further tagger instances: {@code tagger run} in JVMs of their own, on the demo's
 * broker, each with its own state directory, log and dashboard, as a fleet runs them. They start
 * from this JVM's class path and options and stop when the demo stops; killing one shows the others
 * taking its partitions.
 */
final class ExtraInstances implements AutoCloseable {

  /**
   * One instance: its number (the demo's own is 1), process, dashboard (null until it printed one)
   * and log.
   */
  record Instance(int number, Process process, URI dashboard, Path log) {

    Instance withDashboard(URI address) {
      return new Instance(number, process, address, log);
    }
  }

  private static final Pattern DASHBOARD = Pattern.compile("Dashboard: (http://\\S+/) ");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final List<Instance> instances;

  private ExtraInstances(List<Instance> instances) {
    this.instances = List.copyOf(instances);
  }

  /**
   * Starts instances 2 to {@code count} and waits until each serves its dashboard; stops all of
   * them if one does not.
   *
   * @param runOptions options of {@code tagger run} every instance gets, after which each gets its
   *     own {@code --state-dir} and {@code --http-port} ({@code firstPort + number - 1}, or 0)
   */
  static ExtraInstances start(
      int count, Path dataDir, List<String> runOptions, int firstPort, Duration timeout)
      throws IOException, InterruptedException {
    List<Instance> launched = new ArrayList<>();
    try {
      for (int number = 2; number <= count; number++) {
        int httpPort = firstPort == 0 ? 0 : firstPort + number - 1;
        launched.add(launch(number, dataDir, runOptions, httpPort));
      }
      List<Instance> serving = new ArrayList<>();
      for (Instance instance : launched) {
        serving.add(instance.withDashboard(dashboard(instance, timeout)));
      }
      return new ExtraInstances(serving);
    } catch (IOException | InterruptedException | RuntimeException e) {
      new ExtraInstances(launched).close();
      throw e;
    }
  }

  List<Instance> instances() {
    return instances;
  }

  private static Instance launch(int number, Path dataDir, List<String> runOptions, int httpPort)
      throws IOException {
    Path directory = Files.createDirectories(dataDir.resolve("instance-" + number));
    Path log = directory.resolve("tagger.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(TaggerCli.class.getName());
    command.add("run");
    command.addAll(runOptions);
    command.addAll(
        List.of(
            "--state-dir",
            directory.resolve("state").toString(),
            "--http-port",
            Integer.toString(httpPort)));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    return new Instance(number, process, null, log);
  }

  /** The dashboard address the instance printed, waiting for it up to {@code timeout}. */
  private static URI dashboard(Instance instance, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher printed = DASHBOARD.matcher(Files.readString(instance.log()));
      if (printed.find()) {
        return URI.create(printed.group(1));
      }
      if (!instance.process().isAlive()) {
        throw new IOException(
            "tagger instance " + instance.number() + " stopped; its log: " + instance.log());
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "tagger instance "
            + instance.number()
            + " printed no dashboard within "
            + timeout
            + "; its log: "
            + instance.log());
  }

  /**
   * Waits until every instance's {@code /ready} answers 200: it runs, holds its state, and serves a
   * model.
   */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Instance instance : instances) {
      while (!ready(http, instance)) {
        if (System.nanoTime() > deadline || !instance.process().isAlive()) {
          throw new IOException(
              "tagger instance " + instance.number() + " is not ready; its log: " + instance.log());
        }
        Thread.sleep(200);
      }
    }
  }

  private static boolean ready(HttpClient http, Instance instance) throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(instance.dashboard().resolve("ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Stops every instance as a supervisor would (SIGTERM), forcibly after 30 s. */
  @Override
  public void close() throws InterruptedException {
    for (Instance instance : instances) {
      instance.process().destroy();
    }
    for (Instance instance : instances) {
      if (!instance.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        instance.process().destroyForcibly().waitFor();
      }
    }
  }
}
