package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which tagger application an instance runs as and where it keeps its local state: shared by {@code
 * run} and {@code replay}, so a replay clears exactly the state a run keeps.
 */
final class StreamsApplicationOptions {

  @Option(
      names = "--application-id",
      defaultValue = TaggerStreamsConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--state-dir",
      defaultValue = "${java.io.tmpdir}/product-tagger-state",
      description = "Local state directory (default: ${DEFAULT-VALUE}).")
  Path stateDir;
}
