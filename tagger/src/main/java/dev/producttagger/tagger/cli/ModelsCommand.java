package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.examples.LabelledExamples;
import dev.producttagger.kafka.modeltopic.ModelRecord;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.modeltopic.PublishedModels;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Republication;
import dev.producttagger.tagger.ops.ModelPromotion;
import dev.producttagger.tagger.ops.ModelRollback;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tagger models}: what is on the model topic, rolling back to an earlier model, and
 * promoting the shadow model.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "Lists the model topic's bundles, rolls back to an earlier one, or promotes the shadow.",
    subcommands = {
      ModelsCommand.ListCommand.class,
      ModelsCommand.RollbackCommand.class,
      ModelsCommand.PromoteCommand.class
    })
final class ModelsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a subcommand: list, rollback or promote");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists every record on the model topic, oldest first: a valid bundle's name, version,"
            + " creation time, architecture, test accuracy and weights SHA-256; a record a tagger"
            + " would refuse as invalid, with the reason. '*' marks the bundle the taggers serve:"
            + " the highest valid version.",
        "Valid means the checks every tagger makes on the bundle format (size, checksums,"
            + " manifest, and the signature with --hmac-key-file); loading the network is left to"
            + " the taggers."
      })
  static final class ListCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelTopicOptions modelTopic;

    @Override
    public Integer call() throws Exception {
      PublishedModels published = modelTopic.topic().read(modelTopic.hmacKey.key());
      PrintWriter out = spec.commandLine().getOut();
      if (published.records().isEmpty()) {
        out.println("no records on " + modelTopic.name);
        return 0;
      }
      Optional<ModelRecord.Valid> serving = published.serving();
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "",
            "OFFSET",
            "NAME",
            "VERSION",
            "CREATED",
            "ARCHITECTURE",
            "TEST ACCURACY",
            "WEIGHTS SHA-256",
            "NOTE"
          });
      for (ModelRecord record : published.records()) {
        rows.add(row(record, serving));
      }
      printTable(out, rows);
      out.println(
          serving
              .map(
                  valid ->
                      "taggers serve "
                          + valid.manifest().name()
                          + " version "
                          + valid.manifest().version()
                          + " (offset "
                          + valid.offset()
                          + ")")
              .orElse(
                  "no valid bundle: taggers have nothing from " + modelTopic.name + " to serve"));
      return 0;
    }

    private static String[] row(ModelRecord record, Optional<ModelRecord.Valid> serving) {
      String offset = Long.toString(record.offset());
      if (record instanceof ModelRecord.Invalid invalid) {
        return new String[] {
          "",
          offset,
          String.valueOf(invalid.key()),
          "-",
          "-",
          "-",
          "-",
          "-",
          ModelTopic.SHADOW_KEY.equals(invalid.key()) && invalid.problem().startsWith("EMPTY")
              ? "shadow retired"
              : "invalid: " + invalid.problem()
        };
      }
      BundleManifest manifest = ((ModelRecord.Valid) record).manifest();
      Republication origin = manifest.republishedFrom();
      return new String[] {
        serving.filter(record::equals).isPresent() ? "*" : "",
        offset,
        manifest.name(),
        Long.toString(manifest.version()),
        manifest.createdAt().toString(),
        manifest.architecture(),
        String.format(Locale.ROOT, "%.4f", manifest.metrics().testAccuracy()),
        manifest.weightsSha256(),
        note(record, origin)
      };
    }

    private static String note(ModelRecord record, Republication origin) {
      if (ModelTopic.SHADOW_KEY.equals(record.key())) {
        return "shadow: runs beside the serving model, emits nothing";
      }
      return origin == null
          ? ""
          : "republishes version " + origin.version() + " (" + origin.republishedAt() + ")";
    }

    /** Columns as wide as their widest cell; the last one is left unpadded. */
    private static void printTable(PrintWriter out, List<String[]> rows) {
      int columns = rows.get(0).length;
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < columns; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns - 1; i++) {
          line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
        }
        out.println(line.append(row[columns - 1]).toString().stripTrailing());
      }
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = {
        "Puts an earlier model back into service: publishes its bundle again as the next version"
            + " (taggers take only a version above the one they serve), with the same network,"
            + " weights and metrics, its manifest recording the version it republishes.",
        "Pass --hmac-key-file when the taggers require signed bundles: the new bundle is signed"
            + " with it."
      })
  static final class RollbackCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelTopicOptions modelTopic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Exactly one bundle to go back to. */
    static final class Target {
      @Option(
          names = "--to-version",
          paramLabel = "V",
          description = "The version to go back to, as it is still on the model topic.")
      Long version;

      @Option(
          names = "--bundle",
          paramLabel = "FILE",
          description = "The bundle file to go back to, for a version compaction removed.")
      Path bundle;
    }

    @Override
    public Integer call() throws Exception {
      ModelRollback rollback = new ModelRollback(modelTopic.topic(), Clock.systemUTC());
      Optional<byte[]> key = modelTopic.hmacKey.key();
      ModelRollback.Outcome outcome =
          target.bundle != null
              ? rollback.toBundle(target.bundle, key)
              : rollback.toVersion(target.version, key);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "rolled back to %s version %d: published it as version %d (weights sha256 %s, test"
                  + " accuracy %.4f) to %s partition %d offset %d%n",
              outcome.from().name(),
              outcome.from().version(),
              outcome.published().version(),
              outcome.published().weightsSha256(),
              outcome.published().metrics().testAccuracy(),
              modelTopic.name,
              outcome.partition(),
              outcome.offset());
      return 0;
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = {
        "Makes the shadow model the serving one if the traffic shows it better: both classify the"
            + " reviewers' labelled examples decided after the shadow was made (so none of them"
            + " trained it), and the shadow is promoted when its accuracy beats the serving"
            + " model's with the 95%% interval of the difference above zero. Prints the counts and"
            + " the intervals either way.",
        "Promotion publishes the shadow's bundle again as the next version under its name, then"
            + " retires the shadow; 'models rollback' undoes it. Exit code "
            + PromoteCommand.REFUSED
            + " when the evidence does not allow it."
      })
  static final class PromoteCommand implements Callable<Integer> {

    /** Exit code when the evidence does not show the shadow better; 1 is for errors. */
    static final int REFUSED = 3;

    @Spec CommandSpec spec;

    @Mixin ModelTopicOptions modelTopic;

    @Option(
        names = "--examples-topic",
        defaultValue = ProductTopics.LABELLED_EXAMPLES,
        description = "The reviewers' labelled examples (default: ${DEFAULT-VALUE}).")
    String examplesTopic;

    @Option(
        names = "--min-decided",
        defaultValue = "30",
        description =
            "Fewest decided uploads the shadow never saw that a promotion rests on (default:"
                + " ${DEFAULT-VALUE}).")
    int minDecided;

    @Option(
        names = "--force",
        description = "Promote whatever the evidence says (it is still printed).")
    boolean force;

    @Override
    public Integer call() throws Exception {
      if (minDecided < 1) {
        throw new ParameterException(
            spec.commandLine(), "--min-decided must be at least 1, got " + minDecided);
      }
      ModelTopic topic = modelTopic.topic();
      LabelledExamples examples =
          LabelledExamples.read(modelTopic.cluster.connection(), examplesTopic);
      ModelPromotion.Outcome outcome =
          new ModelPromotion(topic, Clock.systemUTC())
              .promote(examples, minDecided, force, modelTopic.hmacKey.key());
      PrintWriter out = spec.commandLine().getOut();
      printEvidence(out, outcome.evidence(), examples.problems().size());
      if (outcome instanceof ModelPromotion.Outcome.Refused refused) {
        out.println("not promoted: " + refused.reason() + " (--force promotes anyway)");
        return REFUSED;
      }
      ModelPromotion.Outcome.Promoted promoted = (ModelPromotion.Outcome.Promoted) outcome;
      out.printf(
          Locale.ROOT,
          "promoted %s v%d: it serves as version %d (%s partition %d offset %d); the shadow is"
              + " retired%n",
          outcome.evidence().shadow().name(),
          outcome.evidence().shadow().version(),
          promoted.published().version(),
          modelTopic.name,
          promoted.partition(),
          promoted.offset());
      return 0;
    }

    private static void printEvidence(
        PrintWriter out, ModelPromotion.Evidence evidence, int unreadable) {
      out.printf(
          Locale.ROOT,
          "decided uploads the shadow never saw (decided after %s): %d%s%n",
          evidence.shadow().createdAt(),
          evidence.examples(),
          unreadable == 0 ? "" : " (" + unreadable + " unreadable records left out)");
      out.printf(
          Locale.ROOT,
          "serving %s v%d: %d right, accuracy %.4f%n",
          evidence.serving().name(),
          evidence.serving().version(),
          evidence.servingCorrect(),
          evidence.servingAccuracy());
      out.printf(
          Locale.ROOT,
          "shadow  %s v%d: %d right, accuracy %.4f%n",
          evidence.shadow().name(),
          evidence.shadow().version(),
          evidence.shadowCorrect(),
          evidence.shadowAccuracy());
      double[] interval = evidence.interval();
      out.printf(
          Locale.ROOT,
          "difference %+.4f, 95%% interval %+.4f to %+.4f (paired: %d right only by the shadow,"
              + " %d only by the serving model)%n",
          evidence.difference(),
          interval[0],
          interval[1],
          evidence.onlyShadowRight(),
          evidence.onlyServingRight());
    }
  }
}
