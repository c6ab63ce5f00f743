package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tagger redrive}'s arguments are checked before the cluster is contacted; RedriveIT covers
 * the rest on a real broker.
 */
class RedriveCommandTest {

  private final StringWriter err = new StringWriter();

  private int redrive(String... options) {
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("redrive", "--bootstrap-servers", "127.0.0.1:1"));
    args.addAll(List.of(options));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void anUnknownReasonCodeIsAUsageErrorListingTheKnownOnes() {
    assertEquals(2, redrive("--reason", "TOO_BLURRY"));
    assertTrue(
        err.toString()
            .contains(
                "Invalid value for option '--reason' (CODE): expected one of [MALFORMED_JSON,"
                    + " SCHEMA_VIOLATION, UNSUPPORTED_ENCODING, UNDECODABLE_IMAGE,"
                    + " IMAGE_TOO_LARGE, DUPLICATE_EVENT] (case-sensitive) but was"
                    + " 'TOO_BLURRY'"),
        err.toString());
  }

  @Test
  void malformedOffsetsAndTimesAreUsageErrors() {
    assertEquals(2, redrive("--offset", "0/12"));
    assertTrue(err.toString().contains("'0/12' is not PARTITION:OFFSET"), err.toString());

    assertEquals(2, redrive("--offset", "0:-1"));
    assertTrue(err.toString().contains("cannot be negative"), err.toString());

    assertEquals(2, redrive("--since", "last tuesday"));
    assertTrue(err.toString().contains("is not an RFC 3339 date-time"), err.toString());
  }

  @Test
  void selectionsThatCannotMatchAreUsageErrors() {
    assertEquals(2, redrive("--since", "2026-11-27T10:00:00Z", "--until", "2026-11-27T09:00:00Z"));
    assertTrue(
        err.toString()
            .contains("--since 2026-11-27T10:00:00Z must be before --until 2026-11-27T09:00:00Z"),
        err.toString());

    assertEquals(2, redrive("--limit", "0"));
    assertTrue(err.toString().contains("--limit must be at least 1, not 0"), err.toString());
  }
}
