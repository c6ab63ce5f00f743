package dev.producttagger.tagger.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.UploadRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Which dead letters a re-drive sends, skips or leaves, given the selection and the ledger. */
class RedrivePlanTest {

  private static final String DLQ = "dlq";
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private final List<DeadLetter> deadLetters =
      List.of(
          deadLetter(0, 0, RejectionReason.MALFORMED_JSON, T0),
          deadLetter(0, 1, RejectionReason.IMAGE_TOO_LARGE, T0.plusSeconds(60)),
          deadLetter(1, 0, RejectionReason.IMAGE_TOO_LARGE, T0.plusSeconds(120)),
          deadLetter(1, 1, RejectionReason.UNDECODABLE_IMAGE, T0.plusSeconds(180)),
          deadLetter(1, 2, RejectionReason.IMAGE_TOO_LARGE, T0.plusSeconds(240)));

  @Test
  void criteriaOfOneKindWidenAndOfDifferentKindsNarrow() {
    RedrivePlan plan =
        plan(
            new DeadLetterSelection(
                Set.of(RejectionReason.IMAGE_TOO_LARGE, RejectionReason.UNDECODABLE_IMAGE),
                Set.of(),
                Optional.of(T0.plusSeconds(120)),
                Optional.of(T0.plusSeconds(240)),
                OptionalInt.empty()),
            Map.of(),
            false);

    assertEquals(List.of("dlq/1/0", "dlq/1/1"), ids(plan.toSend()));
    assertEquals(2, plan.selected());
    assertEquals(5, plan.read());
  }

  @Test
  void positionsSelectThoseDeadLettersAndTheMissingOnesAreNamed() {
    RedrivePlan plan =
        plan(
            selection(Set.of(), Set.of(position("0:1"), position("1:2"), position("3:9"))),
            Map.of(),
            false);

    assertEquals(List.of("dlq/0/1", "dlq/1/2"), ids(plan.toSend()));
    assertEquals(Set.of(position("3:9")), plan.positionsNotFound());
  }

  @Test
  void deadLettersInTheLedgerAreSkippedUnlessForced() {
    Map<String, RedriveLedger.Entry> ledger =
        Map.of("dlq/0/1", new RedriveLedger.Entry("dlq/0/1", T0, new SourceRef("uploads", 0, 40)));
    DeadLetterSelection tooLarge = selection(Set.of(RejectionReason.IMAGE_TOO_LARGE), Set.of());

    RedrivePlan plan = plan(tooLarge, ledger, false);

    assertEquals(List.of("dlq/1/0", "dlq/1/2"), ids(plan.toSend()));
    assertEquals(1, plan.alreadyRedriven().size());
    assertEquals(
        "2026-11-27T10:00:00Z to uploads 0:40", plan.alreadyRedriven().get(0).entry().toString());
    assertEquals(3, plan.selected());

    RedrivePlan forced = plan(tooLarge, ledger, true);
    assertEquals(List.of("dlq/0/1", "dlq/1/0", "dlq/1/2"), ids(forced.toSend()));
    assertEquals(List.of(), forced.alreadyRedriven());
  }

  @Test
  void theLimitCountsOnlyWhatIsSentAndLeavesTheRestForALaterRun() {
    Map<String, RedriveLedger.Entry> ledger =
        Map.of("dlq/0/0", new RedriveLedger.Entry("dlq/0/0", T0, new SourceRef("uploads", 0, 7)));
    DeadLetterSelection firstTwo =
        new DeadLetterSelection(
            Set.of(), Set.of(), Optional.empty(), Optional.empty(), OptionalInt.of(2));

    RedrivePlan plan = plan(firstTwo, ledger, false);

    assertEquals(List.of("dlq/0/1", "dlq/1/0"), ids(plan.toSend()));
    assertEquals(1, plan.alreadyRedriven().size());
    assertEquals(2, plan.leftForLimit());
  }

  @Test
  void unreadableRecordsAreReportedUnlessOtherPositionsWereSelected() {
    RedrivePlan any = new RedrivePlan(selection(Set.of(), Set.of()), ledger(Map.of()), false);
    any.offerUnreadable(position("0:5"), "MALFORMED_JSON: not JSON");
    assertEquals(
        List.of(new RedrivePlan.Unreadable(position("0:5"), "MALFORMED_JSON: not JSON")),
        any.unreadable());

    RedrivePlan other =
        new RedrivePlan(selection(Set.of(), Set.of(position("0:1"))), ledger(Map.of()), false);
    other.offerUnreadable(position("0:5"), "MALFORMED_JSON: not JSON");
    assertEquals(List.of(), other.unreadable());
  }

  @Test
  void selectionsThatCannotMatchAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DeadLetterSelection(
                Set.of(), Set.of(), Optional.of(T0), Optional.of(T0), OptionalInt.empty()));
    assertEquals(
        "--limit must be at least 1, not 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new DeadLetterSelection(
                        Set.of(), Set.of(), Optional.empty(), Optional.empty(), OptionalInt.of(0)))
            .getMessage());
  }

  @Test
  void deadLettersOfOtherRecordsThanUploadsAreReportedNotSent() {
    RedrivePlan plan = new RedrivePlan(selection(Set.of(), Set.of()), ledger(Map.of()), false);
    DeadLetter decision = deadLetters.get(0);

    plan.offerNotAnUpload(decision);

    assertEquals(List.of(decision), plan.notUploads());
    assertTrue(plan.toSend().isEmpty());
    RedrivePlan onlyImages =
        new RedrivePlan(
            selection(Set.of(RejectionReason.IMAGE_TOO_LARGE), Set.of()), ledger(Map.of()), false);
    onlyImages.offerNotAnUpload(deadLetter(0, 99, RejectionReason.UNKNOWN_REVIEW, Instant.EPOCH));
    assertTrue(onlyImages.notUploads().isEmpty(), "only selected ones are reported");
  }

  private RedrivePlan plan(
      DeadLetterSelection selection, Map<String, RedriveLedger.Entry> entries, boolean force) {
    RedrivePlan plan = new RedrivePlan(selection, ledger(entries), force);
    deadLetters.forEach(plan::offer);
    return plan;
  }

  private static RedriveLedger ledger(Map<String, RedriveLedger.Entry> entries) {
    return new RedriveLedger("dlq-redriven", entries);
  }

  private static DeadLetterSelection selection(
      Set<RejectionReason> reasons, Set<PartitionOffset> positions) {
    return new DeadLetterSelection(
        reasons, positions, Optional.empty(), Optional.empty(), OptionalInt.empty());
  }

  private static PartitionOffset position(String text) {
    return PartitionOffset.parse(text);
  }

  private static List<String> ids(List<DeadLetter> deadLetters) {
    return deadLetters.stream().map(DeadLetter::id).toList();
  }

  private static DeadLetter deadLetter(
      int partition, long offset, RejectionReason reason, Instant rejectedAt) {
    byte[] key = ("product-" + partition + "-" + offset).getBytes(StandardCharsets.UTF_8);
    return new DeadLetter(
        DLQ,
        partition,
        offset,
        new RecordHeaders(),
        new UploadRejected(
            reason,
            "test",
            new SourceRef("uploads", partition, offset),
            key,
            new byte[] {1},
            rejectedAt));
  }
}
