package dev.producttagger.tagger;

import dev.producttagger.tagger.cli.TaggerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code tagger} command run in this JVM, with what it printed. */
public record TaggerCommand(int exitCode, String out, String err) {

  public static TaggerCommand run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new TaggerCommand(exitCode, out.toString(), err.toString());
  }

  /** Everything printed, for assertion messages. */
  public String printed() {
    return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
  }
}
