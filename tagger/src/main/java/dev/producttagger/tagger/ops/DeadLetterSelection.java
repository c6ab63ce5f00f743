package dev.producttagger.tagger.ops;

import dev.producttagger.schemas.events.RejectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which dead letters to re-drive. Each kind of criterion narrows the selection; several values of
 * one kind (reasons, positions) widen it. With no criterion every dead letter is selected.
 *
 * @param reasons the rejection reasons to take; empty for any
 * @param positions the dead-letter positions to take; empty for any
 * @param since take those rejected at or after this time
 * @param until take those rejected before this time
 * @param limit send at most this many, in dead-letter order within each partition
 */
public record DeadLetterSelection(
    Set<RejectionReason> reasons,
    Set<PartitionOffset> positions,
    Optional<Instant> since,
    Optional<Instant> until,
    OptionalInt limit) {

  public DeadLetterSelection {
    reasons = Set.copyOf(reasons);
    positions = Set.copyOf(positions);
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new IllegalArgumentException(
          "--since " + since.get() + " must be before --until " + until.get());
    }
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, not " + limit.getAsInt());
    }
  }

  public boolean matches(DeadLetter deadLetter) {
    Instant rejectedAt = deadLetter.rejected().rejectedAt();
    return (reasons.isEmpty() || reasons.contains(deadLetter.rejected().reason()))
        && (positions.isEmpty() || positions.contains(deadLetter.position()))
        && since.map(from -> !rejectedAt.isBefore(from)).orElse(true)
        && until.map(rejectedAt::isBefore).orElse(true);
  }

  /** The criteria as options, for messages: "--reason UNDECODABLE_IMAGE --since ...". */
  public String describe() {
    List<String> criteria = new ArrayList<>();
    reasons.stream().sorted().forEach(reason -> criteria.add("--reason " + reason));
    positions.stream().sorted().forEach(position -> criteria.add("--offset " + position));
    since.ifPresent(time -> criteria.add("--since " + time));
    until.ifPresent(time -> criteria.add("--until " + time));
    return criteria.isEmpty() ? "(every dead letter)" : String.join(" ", criteria);
  }
}
