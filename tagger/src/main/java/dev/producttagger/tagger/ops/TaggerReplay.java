package dev.producttagger.tagger.ops;

import dev.producttagger.kafka.client.ClusterAdmin;
import dev.producttagger.kafka.client.KafkaConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Utils;

/**
 * Resets a stopped tagger application so that it tags uploads again from a chosen start: Kafka's
 * streams reset tool refuses while the application has members, moves the application's offsets on
 * the uploads topic and deletes its internal topics (the duplicate-eventId window and the batch
 * buffer, as changelogs); then the local state directory, which holds the same stores, is deleted,
 * so that a restarted instance neither restores them nor remembers an eventId.
 */
public final class TaggerReplay {

  /**
   * @param stateDir the tagger's {@code --state-dir}; Kafka Streams keeps the application's stores
   *     in its subdirectory named after the application id
   * @param dryRun report what would be done and change nothing
   */
  public record Request(
      String applicationId, String uploadsTopic, ReplayStart start, Path stateDir, boolean dryRun) {

    /** The application's directory under the state directory. */
    public Path localState() {
      return stateDir.resolve(applicationId);
    }
  }

  /**
   * What was done.
   *
   * @param resetToolReport what the streams reset tool printed about offsets and internal topics
   * @param localStateFound whether the local state directory existed (and, unless a dry run, was
   *     deleted)
   */
  public record Report(List<String> resetToolReport, boolean localStateFound) {}

  private final KafkaConnection connection;

  public TaggerReplay(KafkaConnection connection) {
    this.connection = connection;
  }

  /**
   * @throws IOException if the cluster cannot be reached, the uploads topic is missing, or the
   *     reset tool refuses, for example while the application still has members
   * @throws IllegalArgumentException if the start does not fit the uploads topic
   */
  public Report replay(Request request) throws IOException {
    List<Integer> partitions;
    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      partitions = admin.partitions(request.uploadsTopic());
    }
    Path workDir = Files.createTempDirectory("tagger-replay-");
    StreamsResetTool.Outcome outcome;
    try {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "--bootstrap-server",
                  connection.bootstrapServers(),
                  "--command-config",
                  commandConfig(workDir).toString(),
                  "--application-id",
                  request.applicationId(),
                  "--input-topics",
                  request.uploadsTopic()));
      arguments.addAll(
          request.start().resetToolOptions(request.uploadsTopic(), partitions, workDir));
      if (request.dryRun()) {
        arguments.add("--dry-run");
      }
      outcome = StreamsResetTool.run(arguments);
    } finally {
      Utils.delete(workDir.toFile());
    }
    if (outcome.exitCode() != 0) {
      List<String> reasons = outcome.errors().isEmpty() ? outcome.printed() : outcome.errors();
      throw new IOException(
          "the streams reset tool refused to reset application '"
              + request.applicationId()
              + "': "
              + String.join(
                  " ", reasons.stream().map(TaggerReplay::withoutExceptionName).toList()));
    }
    boolean localStateFound = Files.exists(request.localState());
    if (localStateFound && !request.dryRun()) {
      Utils.delete(request.localState().toFile());
    }
    return new Report(outcome.printed(), localStateFound);
  }

  /**
   * The connection's client settings (TLS, SASL, timeouts) as the file the reset tool reads; it may
   * hold secrets, so it lives only in the private work directory for the run.
   */
  private Path commandConfig(Path workDir) throws IOException {
    Properties properties = new Properties();
    connection
        .adminConfig()
        .forEach((name, value) -> properties.setProperty(name, value.toString()));
    Path file = workDir.resolve("client.properties");
    // The tool loads it as a stream: ISO-8859-1 with unicode escapes, as store(OutputStream)
    // writes.
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "written by tagger replay for the streams reset tool");
    }
    return file;
  }

  /** "java.lang.IllegalStateException: Consumer group ..." reads better without the class name. */
  private static String withoutExceptionName(String error) {
    return error.replaceFirst("^([a-z][a-z0-9_]*\\.)+[A-Z]\\w*(Exception|Error): ", "");
  }
}
