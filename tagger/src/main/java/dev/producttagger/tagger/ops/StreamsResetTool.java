package dev.producttagger.tagger.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.tools.StreamsResetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own streams reset tool ({@code kafka-streams-application-reset}) run in this process. It
 * reports what it does, and why it refuses, only by printing, so its console output is captured for
 * the duration of the run and handed back.
 */
final class StreamsResetTool {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsResetTool.class);
  private static final String ERROR_PREFIX = "ERROR: ";

  /**
   * What the tool printed.
   *
   * @param exitCode 0 when the reset was done (or, in a dry run, planned)
   * @param printed its report on standard output, line by line
   * @param errors its {@code ERROR:} lines, without the prefix and without stack traces
   */
  record Outcome(int exitCode, List<String> printed, List<String> errors) {}

  private StreamsResetTool() {}

  /** Runs the tool; only one run at a time, since standard output is the JVM's. */
  static synchronized Outcome run(List<String> arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exitCode;
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      exitCode = new StreamsResetter().execute(arguments.toArray(String[]::new), new Properties());
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    List<String> errorOutput = err.toString(StandardCharsets.UTF_8).lines().toList();
    // Stack traces and client logs are for whoever debugs the tool, not for the operator.
    errorOutput.forEach(line -> LOG.debug("reset tool: {}", line));
    return new Outcome(
        exitCode,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        errorOutput.stream()
            .filter(line -> line.startsWith(ERROR_PREFIX))
            .map(line -> line.substring(ERROR_PREFIX.length()))
            .toList());
  }
}
