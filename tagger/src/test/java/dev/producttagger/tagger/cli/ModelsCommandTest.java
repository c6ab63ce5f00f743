package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tagger models}' arguments and bad bundle files, refused before the cluster is contacted;
 * ModelsIT covers listing and rolling back on a real broker.
 */
class ModelsCommandTest {

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int models(String... args) {
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("models"));
    all.addAll(List.of(args));
    if (args.length > 0) {
      all.addAll(List.of("--bootstrap-servers", "127.0.0.1:1", "--timeout-ms", "1000"));
    }
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void aSubcommandAndExactlyOneRollbackTargetAreRequired() {
    assertEquals(2, models());
    assertTrue(err.toString().contains("name a subcommand: list or rollback"), err.toString());

    assertEquals(2, models("rollback"));
    assertTrue(
        err.toString().contains("Missing required argument (specify one of these)"),
        err.toString());

    assertEquals(2, models("rollback", "--to-version", "1", "--bundle", "x.bundle"));
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());

    assertEquals(2, models("rollback", "--to-version", "one"));
    assertTrue(err.toString().contains("'one' is not a long"), err.toString());
  }

  @Test
  void anUnreadableBundleFileIsOneLineThatSaysWhy() throws Exception {
    Path missing = dir.resolve("missing.bundle");
    assertEquals(1, models("rollback", "--bundle", missing.toString()));
    assertEquals("error: cannot read bundle " + missing + ": no such file", err.toString().strip());

    Path notABundle = Files.writeString(dir.resolve("not.bundle"), "PK but not a zip");
    err.getBuffer().setLength(0);
    assertEquals(1, models("rollback", "--bundle", notABundle.toString()));
    assertTrue(
        err.toString().startsWith("error: invalid bundle " + notABundle + ": NOT_A_ZIP"),
        err.toString());
  }

  @Test
  void anEmptySigningKeyIsRefused() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.key"));
    assertEquals(1, models("list", "--hmac-key-file", empty.toString()));
    assertTrue(err.toString().contains("--hmac-key-file " + empty + " is empty"), err.toString());
  }
}
