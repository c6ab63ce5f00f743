package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.cli.ClusterConnectionOptions;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.UploadRejected;
import dev.producttagger.tagger.ops.DeadLetter;
import dev.producttagger.tagger.ops.DeadLetterRedrive;
import dev.producttagger.tagger.ops.DeadLetterSelection;
import dev.producttagger.tagger.ops.PartitionOffset;
import dev.producttagger.tagger.ops.RedrivePlan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tagger redrive}: re-publish selected dead letters to the uploads topic after a fix. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Re-publishes selected dead letters to the uploads topic after a fix: the original key and"
          + " value bytes and headers, plus the headers "
          + DeadLetter.REDRIVEN_FROM_HEADER
          + " (topic/partition/offset of the dead letter) and "
          + DeadLetter.REDRIVE_COUNT_HEADER
          + ".",
      "A ledger topic records every re-driven dead letter in the same transaction as its upload;"
          + " one already re-driven is skipped unless --force, and the exit code is then "
          + RedriveCommand.REFUSED
          + ". Criteria of different kinds narrow the selection; repeating one widens it."
    })
final class RedriveCommand implements Callable<Integer> {

  /** Exit code when selected dead letters were skipped as already re-driven. */
  static final int REFUSED = 3;

  @Spec CommandSpec spec;

  @Mixin ClusterConnectionOptions cluster;

  @Option(
      names = "--dead-letter-topic",
      defaultValue = ProductTopics.DEAD_LETTERS,
      description = "The dead-letter topic (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(
      names = "--uploads-topic",
      defaultValue = ProductTopics.UPLOADS,
      description = "Where uploads are re-published (default: ${DEFAULT-VALUE}).")
  String uploadsTopic;

  @Option(
      names = "--ledger-topic",
      description =
          "The compacted topic of re-driven dead letters, created if missing (default: the"
              + " dead-letter topic's name + '"
              + ProductTopics.REDRIVE_LEDGER_SUFFIX
              + "').")
  String ledgerTopic;

  @Option(
      names = "--reason",
      paramLabel = "CODE",
      description =
          "Select dead letters rejected for this reason; repeatable. One of:"
              + " ${COMPLETION-CANDIDATES}.")
  Set<RejectionReason> reasons = Set.of();

  @Option(
      names = "--offset",
      paramLabel = "PARTITION:OFFSET",
      converter = OpsConverters.Position.class,
      description = "Select the dead letter at this position; repeatable.")
  Set<PartitionOffset> offsets = Set.of();

  @Option(
      names = "--since",
      paramLabel = "RFC3339",
      converter = OpsConverters.Rfc3339.class,
      description = "Select dead letters rejected at or after this time.")
  Instant since;

  @Option(
      names = "--until",
      paramLabel = "RFC3339",
      converter = OpsConverters.Rfc3339.class,
      description = "Select dead letters rejected before this time.")
  Instant until;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Re-publish at most N (the rest stay for a later run).")
  Integer limit;

  @Option(names = "--force", description = "Re-publish dead letters re-driven before, again.")
  boolean force;

  @Option(names = "--dry-run", description = "List what would be re-published and send nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    DeadLetterSelection selection = selection();
    DeadLetterRedrive.Request request =
        new DeadLetterRedrive.Request(
            deadLetterTopic,
            uploadsTopic,
            ledgerTopic == null
                ? deadLetterTopic + ProductTopics.REDRIVE_LEDGER_SUFFIX
                : ledgerTopic,
            selection,
            force,
            dryRun);
    RedrivePlan plan =
        new DeadLetterRedrive(cluster.connection(), Clock.systemUTC()).redrive(request);

    PrintWriter err = spec.commandLine().getErr();
    reportWhatCannotBeReDriven(plan, err);
    if (plan.selected() == 0) {
      err.println(
          "error: no dead letter on "
              + deadLetterTopic
              + " matches "
              + selection.describe()
              + " ("
              + plan.read()
              + " read)");
      return 1;
    }
    reportOutcome(plan, spec.commandLine().getOut(), err);
    return plan.alreadyRedriven().isEmpty() ? 0 : REFUSED;
  }

  private DeadLetterSelection selection() {
    try {
      return new DeadLetterSelection(
          reasons,
          offsets,
          Optional.ofNullable(since),
          Optional.ofNullable(until),
          limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void reportWhatCannotBeReDriven(RedrivePlan plan, PrintWriter err) {
    if (!plan.positionsNotFound().isEmpty()) {
      err.println(
          "not on "
              + deadLetterTopic
              + ": "
              + plan.positionsNotFound().stream()
                  .map(String::valueOf)
                  .collect(Collectors.joining(", ")));
    }
    for (DeadLetter other : plan.notUploads()) {
      err.println(
          "left alone "
              + describe(other)
              + ": it was read from "
              + other.rejected().source().topic()
              + ", not the uploads topic (a reviewer's decision is sent again by its reviewer)");
    }
    for (RedrivePlan.Unreadable unreadable : plan.unreadable()) {
      err.println(
          "cannot re-drive "
              + unreadable.position()
              + ", not an UploadRejected event: "
              + unreadable.problem());
    }
  }

  private void reportOutcome(RedrivePlan plan, PrintWriter out, PrintWriter err) {
    String verb = dryRun ? "would re-publish " : "re-published ";
    for (DeadLetter deadLetter : plan.toSend()) {
      out.println(verb + describe(deadLetter) + " to " + uploadsTopic);
    }
    for (RedrivePlan.AlreadyRedriven skipped : plan.alreadyRedriven()) {
      err.println(
          "skipped "
              + describe(skipped.deadLetter())
              + ": already re-driven at "
              + skipped.entry()
              + " (--force sends it again)");
    }
    out.println(
        (dryRun ? "dry run: selected " : "selected ")
            + plan.selected()
            + (dryRun ? ", would send " : ", sent ")
            + plan.toSend().size()
            + ", skipped as already re-driven "
            + plan.alreadyRedriven().size()
            + (plan.leftForLimit() > 0
                ? ", left for a later run by --limit " + plan.leftForLimit()
                : ""));
  }

  private static String describe(DeadLetter deadLetter) {
    UploadRejected rejected = deadLetter.rejected();
    String key =
        rejected.originalKey() == null
            ? "no key"
            : "key '" + new String(rejected.originalKey(), StandardCharsets.UTF_8) + "'";
    return deadLetter.position()
        + " ("
        + rejected.reason()
        + ", "
        + key
        + ", rejected at "
        + rejected.rejectedAt()
        + ")";
  }
}
