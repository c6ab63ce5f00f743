package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.modeltopic.ModelRecord;
import dev.producttagger.kafka.modeltopic.PublishedModels;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Republication;
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

/** {@code tagger models}: what is on the model topic, and rolling back to an earlier model. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Lists the model topic's bundles, or rolls back to an earlier one.",
    subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.RollbackCommand.class})
final class ModelsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: list or rollback");
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
          "invalid: " + invalid.problem()
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
        origin == null
            ? ""
            : "republishes version " + origin.version() + " (" + origin.republishedAt() + ")"
      };
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
}
