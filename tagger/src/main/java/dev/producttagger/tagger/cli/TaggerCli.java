package dev.producttagger.tagger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tagger} command line. */
@Command(
    name = "tagger",
    mixinStandardHelpOptions = true,
    versionProvider = TaggerCli.Version.class,
    description = "Tags seller product photos with their Fashion-MNIST category on Kafka.",
    subcommands = {DemoCommand.class, RunCommand.class, ClassifyCommand.class})
public final class TaggerCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new TaggerCli());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TaggerCli.class.getPackage().getImplementationVersion();
      return new String[] {"tagger " + (version == null ? "development build" : version)};
    }
  }
}
