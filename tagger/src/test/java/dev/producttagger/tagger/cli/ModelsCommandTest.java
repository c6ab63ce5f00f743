package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.tagger.TaggerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagger models}' arguments and bad bundle files, refused before the cluster is contacted;
 * ModelsIT covers listing and rolling back on a real broker.
 */
class ModelsCommandTest {

  @TempDir Path dir;

  private static TaggerCommand models(String subcommand, String... options) {
    List<String> args =
        new ArrayList<>(List.of("models", subcommand, "--bootstrap-servers", "127.0.0.1:1"));
    args.addAll(List.of(options));
    return TaggerCommand.run(args.toArray(String[]::new));
  }

  @Test
  void aSubcommandAndExactlyOneRollbackTargetAreRequired() {
    TaggerCommand none = TaggerCommand.run("models");
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("name a subcommand: list, rollback or promote"), none.printed());

    TaggerCommand noTarget = models("rollback");
    assertEquals(2, noTarget.exitCode());
    assertTrue(
        noTarget.err().contains("Missing required argument (specify one of these)"),
        noTarget.printed());

    TaggerCommand both = models("rollback", "--to-version", "1", "--bundle", "x.bundle");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("mutually exclusive"), both.printed());

    TaggerCommand word = models("rollback", "--to-version", "one");
    assertEquals(2, word.exitCode());
    assertTrue(word.err().contains("'one' is not a long"), word.printed());
  }

  @Test
  void anUnreadableBundleFileIsOneLineThatSaysWhy() throws Exception {
    Path missing = dir.resolve("missing.bundle");
    TaggerCommand absent = models("rollback", "--bundle", missing.toString());
    assertEquals(1, absent.exitCode());
    assertEquals("error: cannot read bundle " + missing + ": no such file", absent.err().strip());

    Path notABundle = Files.writeString(dir.resolve("not.bundle"), "PK but not a zip");
    TaggerCommand invalid = models("rollback", "--bundle", notABundle.toString());
    assertEquals(1, invalid.exitCode());
    assertTrue(
        invalid.err().startsWith("error: invalid bundle " + notABundle + ": NOT_A_ZIP"),
        invalid.printed());
  }

  @Test
  void anEmptySigningKeyIsRefused() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.key"));

    TaggerCommand list = models("list", "--hmac-key-file", empty.toString());

    assertEquals(1, list.exitCode());
    assertTrue(list.err().contains("--hmac-key-file " + empty + " is empty"), list.printed());
  }
}
