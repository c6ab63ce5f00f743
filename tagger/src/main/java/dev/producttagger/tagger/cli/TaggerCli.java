package dev.producttagger.tagger.cli;

import dev.producttagger.runtime.backend.NativeBackend;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tagger} command line. */
@Command(
    name = "tagger",
    mixinStandardHelpOptions = true,
    versionProvider = TaggerCli.Version.class,
    description = "Tags seller product photos with their Fashion-MNIST category on Kafka.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ClassifyCommand.class,
      ReplayCommand.class,
      RedriveCommand.class,
      ModelsCommand.class,
      ReviewersCommand.class
    })
public final class TaggerCli {

  public static void main(String[] args) {
    NativeBackend.configure();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new TaggerCli()).setExecutionExceptionHandler(TaggerCli::userError);
  }

  /**
   * Bad files, bundles and settings are the user's to fix: one line, exit code 1, no stack trace.
   * Shared with the benchmarks' command line, which runs the tagger's code.
   */
  public static int userError(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult)
      throws Exception {
    if (exception instanceof NoSuchFileException missing) {
      commandLine.getErr().println("error: no such file: " + missing.getFile());
      return 1;
    }
    if (exception instanceof IOException || exception instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + exception.getMessage());
      return 1;
    }
    throw exception;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TaggerCli.class.getPackage().getImplementationVersion();
      return new String[] {"tagger " + (version == null ? "development build" : version)};
    }
  }
}
