package dev.producttagger.benchmarks.cli;

import dev.producttagger.runtime.backend.NativeBackend;
import dev.producttagger.tagger.cli.TaggerCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code benchmarks} command line: the product's speed measured on this machine, kept out of
 * the tagger's and the trainer's jars. {@code bin/benchmark} runs every part and files the tables
 * under {@code docs/benchmarks/}.
 */
@Command(
    name = "benchmarks",
    mixinStandardHelpOptions = true,
    description = "Measures inference, end-to-end tagging, seller photos and training here.",
    subcommands = {
      InferenceBenchmarkCommand.class,
      EndToEndBenchmarkCommand.class,
      PhotoBenchmarkCommand.class,
      FineTuneSelectionCommand.class,
      ReviewLoopCommand.class,
      ShadowBenchmarkCommand.class,
      TrainingBenchmarkCommand.class
    })
public final class BenchmarkCli {

  public static void main(String[] args) {
    // The tagger's and the trainer's jars each bring a logback.xml; this one is the benchmarks'.
    System.setProperty("logback.configurationFile", "logback-benchmarks.xml");
    NativeBackend.configure();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchmarkCli()).setExecutionExceptionHandler(TaggerCli::userError);
  }
}
