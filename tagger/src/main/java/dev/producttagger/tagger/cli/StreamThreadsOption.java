package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads}: the tagger's Kafka Streams threads, one per core unless set. Each stream
 * thread runs its batches' forward passes on its own copy of the network with one ND4J thread, so
 * stream threads are how a tagger uses its cores (docs/benchmarks/2026-12-speed-log.md).
 */
final class StreamThreadsOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Stream threads, each running its own forward passes on one core; threads beyond the"
              + " upload topic's partitions wait (default: one per core).")
  Integer threads;

  /** The count to run with: the option's, else {@link TaggerStreamsConfig#defaultThreads()}. */
  int count() {
    if (threads == null) {
      return TaggerStreamsConfig.defaultThreads();
    }
    if (threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--threads must be at least 1, not " + threads);
    }
    return threads;
  }
}
