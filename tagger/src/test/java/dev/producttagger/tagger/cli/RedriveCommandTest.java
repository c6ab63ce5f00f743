package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.tagger.TaggerCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tagger redrive}'s arguments are checked before the cluster is contacted; RedriveIT covers
 * the rest on a real broker.
 */
class RedriveCommandTest {

  private static TaggerCommand redrive(String... options) {
    List<String> args = new ArrayList<>(List.of("redrive", "--bootstrap-servers", "127.0.0.1:1"));
    args.addAll(List.of(options));
    return TaggerCommand.run(args.toArray(String[]::new));
  }

  @Test
  void anUnknownReasonCodeIsAUsageErrorListingTheKnownOnes() {
    TaggerCommand redrive = redrive("--reason", "TOO_BLURRY");

    assertEquals(2, redrive.exitCode());
    assertTrue(
        redrive
            .err()
            .contains(
                "Invalid value for option '--reason' (CODE): expected one of [MALFORMED_JSON,"
                    + " SCHEMA_VIOLATION, UNSUPPORTED_ENCODING, UNDECODABLE_IMAGE,"
                    + " IMAGE_TOO_LARGE, DUPLICATE_EVENT, UNKNOWN_REVIEW, ALREADY_DECIDED,"
                    + " INVALID_DECISION] (case-sensitive) but was"
                    + " 'TOO_BLURRY'"),
        redrive.printed());
  }

  @Test
  void malformedOffsetsAndTimesAreUsageErrors() {
    TaggerCommand slash = redrive("--offset", "0/12");
    assertEquals(2, slash.exitCode());
    assertTrue(slash.err().contains("'0/12' is not PARTITION:OFFSET"), slash.printed());

    TaggerCommand negative = redrive("--offset", "0:-1");
    assertEquals(2, negative.exitCode());
    assertTrue(negative.err().contains("cannot be negative"), negative.printed());

    TaggerCommand words = redrive("--since", "last tuesday");
    assertEquals(2, words.exitCode());
    assertTrue(words.err().contains("is not an RFC 3339 date-time"), words.printed());
  }

  @Test
  void selectionsThatCannotMatchAreUsageErrors() {
    TaggerCommand backwards =
        redrive("--since", "2026-11-27T10:00:00Z", "--until", "2026-11-27T09:00:00Z");
    assertEquals(2, backwards.exitCode());
    assertTrue(
        backwards
            .err()
            .contains("--since 2026-11-27T10:00:00Z must be before --until 2026-11-27T09:00:00Z"),
        backwards.printed());

    TaggerCommand zero = redrive("--limit", "0");
    assertEquals(2, zero.exitCode());
    assertTrue(zero.err().contains("--limit must be at least 1, not 0"), zero.printed());
  }
}
