package dev.producttagger.tagger.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a re-drive does with each dead letter it reads, decided as they are read so that only the
 * ones to send are held in memory: send it, skip it as already re-driven (unless forced), or leave
 * it for a later run once the limit is reached.
 */
public final class RedrivePlan {

  /** A selected dead letter the ledger says was re-driven before. */
  public record AlreadyRedriven(DeadLetter deadLetter, RedriveLedger.Entry entry) {}

  /** A dead-letter record that is not an UploadRejected event, so it cannot be re-driven. */
  public record Unreadable(PartitionOffset position, String problem) {}

  private final DeadLetterSelection selection;
  private final RedriveLedger ledger;
  private final boolean force;
  private final List<DeadLetter> toSend = new ArrayList<>();
  private final List<AlreadyRedriven> alreadyRedriven = new ArrayList<>();
  private final List<Unreadable> unreadable = new ArrayList<>();
  private final List<DeadLetter> notUploads = new ArrayList<>();
  private final Set<PartitionOffset> seen = new HashSet<>();
  private int selected;
  private int leftForLimit;

  /**
   * @param force send dead letters the ledger says were re-driven before
   */
  RedrivePlan(DeadLetterSelection selection, RedriveLedger ledger, boolean force) {
    this.selection = selection;
    this.ledger = ledger;
    this.force = force;
  }

  void offer(DeadLetter deadLetter) {
    seen.add(deadLetter.position());
    if (!selection.matches(deadLetter)) {
      return;
    }
    selected++;
    var entry = ledger.find(deadLetter);
    if (entry.isPresent() && !force) {
      alreadyRedriven.add(new AlreadyRedriven(deadLetter, entry.get()));
    } else if (selection.limit().isPresent() && toSend.size() == selection.limit().getAsInt()) {
      leftForLimit++;
    } else {
      toSend.add(deadLetter);
    }
  }

  /**
   * A selected dead letter of a record that was not an upload, such as a reviewer's decision: it
   * belongs on its own topic, not on the uploads topic, so it is reported and left alone.
   */
  void offerNotAnUpload(DeadLetter deadLetter) {
    seen.add(deadLetter.position());
    if (selection.matches(deadLetter)) {
      notUploads.add(deadLetter);
    }
  }

  /** Selected dead letters of other records than uploads, left alone. */
  public List<DeadLetter> notUploads() {
    return List.copyOf(notUploads);
  }

  /** Reported unless the selection names positions and this is not one of them. */
  void offerUnreadable(PartitionOffset position, String problem) {
    seen.add(position);
    if (selection.positions().isEmpty() || selection.positions().contains(position)) {
      unreadable.add(new Unreadable(position, problem));
    }
  }

  /** The dead letters to re-publish, in the order read. */
  public List<DeadLetter> toSend() {
    return List.copyOf(toSend);
  }

  public List<AlreadyRedriven> alreadyRedriven() {
    return List.copyOf(alreadyRedriven);
  }

  public List<Unreadable> unreadable() {
    return List.copyOf(unreadable);
  }

  /** How many dead-letter records were read. */
  public int read() {
    return seen.size();
  }

  /** How many dead letters matched the selection. */
  public int selected() {
    return selected;
  }

  /** Selected and eligible, but beyond the limit. */
  public int leftForLimit() {
    return leftForLimit;
  }

  /** Positions the selection names that are not on the topic (never were, or expired). */
  public Set<PartitionOffset> positionsNotFound() {
    Set<PartitionOffset> missing = new TreeSet<>(selection.positions());
    missing.removeAll(seen);
    return missing;
  }
}
