package dev.producttagger.trainer.cli;

import dev.producttagger.trainer.data.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs trainer commands in the test's JVM as {@code bin/trainer} would, keeping what they print.
 */
final class TrainerCommands {

  private final StringWriter out;
  private final StringWriter err;

  TrainerCommands(StringWriter out, StringWriter err) {
    this.out = out;
    this.err = err;
  }

  /** The exit code of {@code args}; standard output and error go to the writers given. */
  int run(String... args) {
    CommandLine commandLine = TrainerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** {@link #run} on the repository's Fashion-MNIST files (nothing added to no arguments). */
  int runOnTestData(String... args) {
    return run(
        args.length == 0
            ? args
            : with(args, "--data-dir", TestData.fashionMnistDirectory().toString()));
  }

  /** {@code export} of the run in {@code runDir} as {@code version} of model {@code name}. */
  static String[] exportArguments(Path runDir, String name, long version, Path bundle) {
    return new String[] {
      "export",
      "--run-dir",
      runDir.toString(),
      "--name",
      name,
      "--version",
      Long.toString(version),
      "--out",
      bundle.toString()
    };
  }

  /** {@code arguments}, then {@code more}. */
  static String[] with(String[] arguments, String... more) {
    List<String> all = new ArrayList<>(List.of(arguments));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
