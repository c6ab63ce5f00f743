package dev.producttagger.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trainer examples}: the labelled examples that reviewers' decisions make. */
@Command(
    name = "examples",
    mixinStandardHelpOptions = true,
    description = "Labelled examples from reviewers' decisions, for 'fine-tune'.",
    subcommands = {ExamplesExportCommand.class, CommandLine.HelpCommand.class})
final class ExamplesCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand");
  }
}
