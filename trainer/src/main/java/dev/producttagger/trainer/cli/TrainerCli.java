package dev.producttagger.trainer.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trainer}: trains and evaluates the product tagger's Fashion-MNIST models. */
@Command(name = "trainer",
        mixinStandardHelpOptions = true,
        versionProvider = TrainerCli.ManifestVersion.class,
        description = "Trains and evaluates the product tagger's Fashion-MNIST classifiers.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a problem with files or a run is one line on stderr, not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new TrainerCli()).setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
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

    /** The version Maven writes into the jar's manifest. */
    static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainerCli.class.getPackage().getImplementationVersion();
            return new String[] {"trainer " + (version == null ? "(unpackaged build)" : version)};
        }
    }
}
