package dev.producttagger.trainer.cli;

import dev.producttagger.runtime.backend.NativeBackend;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trainer}: trains, evaluates, reports on, exports and publishes the product tagger's
 * Fashion-MNIST models.
 */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    versionProvider = TrainerCli.ManifestVersion.class,
    description =
        "Trains, evaluates, reports on, exports and publishes the product tagger's Fashion-MNIST"
            + " classifiers, and fine-tunes them on reviewers' decisions.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      ExportCommand.class,
      ReportCommand.class,
      PublishCommand.class,
      FineTuneCommand.class,
      ExamplesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TrainerCli implements Runnable {

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    NativeBackend.configure();
    // The report draws its figures off screen; no command ever opens a window.
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its error handling: a problem with files, a run, a bundle or the broker
   * (all reported as IOException) is one line on stderr, not a stack trace.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new TrainerCli())
        .setExecutionExceptionHandler(
            (exception, commandLine, parseResult) -> {
              if (exception instanceof NoSuchFileException missing) {
                commandLine.getErr().println("error: no such file: " + missing.getFile());
                return 1;
              }
              if (exception instanceof IOException) {
                commandLine.getErr().println("error: " + exception.getMessage());
                return 1;
              }
              throw exception;
            });
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand");
  }

  /**
   * This program and the version Maven writes into the jar's manifest, such as "trainer 0.1.0";
   * bundles record it.
   */
  static String version() {
    String version = TrainerCli.class.getPackage().getImplementationVersion();
    return "trainer " + (version == null ? "(unpackaged build)" : version);
  }

  /** picocli's {@code --version}: {@link #version()}. */
  static final class ManifestVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
