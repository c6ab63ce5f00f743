package dev.producttagger.trainer.cli;

import static dev.producttagger.trainer.cli.TrainerCommands.exportArguments;
import static dev.producttagger.trainer.cli.TrainerCommands.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.report.Report;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TestRuns;
import dev.producttagger.trainer.train.TrainingEngine;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {

  /** Options for a one-epoch run of the paper's baseline on 200 images. */
  private static final String[] ONE_TINY_EPOCH = {
    "--architecture", "PAPER_BASELINE", "--limit-train", "200", "--epochs", "1"
  };

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TrainerCommands commands = new TrainerCommands(out, err);

  @Test
  void trainsResumesAndEvaluatesARun() throws IOException {
    Path runDir = dir.resolve("run");

    assertEquals(0, run(train(ONE_TINY_EPOCH, "--run-dir", runDir.toString())), err.toString());
    assertTrue(out.toString().contains("MAX_EPOCHS: 1 epochs done"), out.toString());

    assertEquals(
        0,
        run("train", "--resume", "--epochs", "2", "--run-dir", runDir.toString()),
        err.toString());
    assertEquals(2, new RunDirectory(runDir).readHistory().completedEpochs());

    assertEquals(0, run("evaluate", "--run-dir", runDir.toString()), err.toString());
    Evaluation evaluation = Json.read(new RunDirectory(runDir).evaluationFile(), Evaluation.class);
    assertEquals(10_000, evaluation.images());
    assertEquals(10, evaluation.classes().size());
    assertTrue(out.toString().contains("macro avg"), out.toString());
  }

  @Test
  void trainsWithWeightDecayOnTwoReplicasAndRecordsThemAndTheEngineInTheBundle()
      throws IOException {
    Path runDir = dir.resolve("decayed");
    Path bundleFile = dir.resolve("decayed-v1.bundle");

    assertEquals(
        0,
        run(
            train(
                ONE_TINY_EPOCH,
                "--weight-decay",
                "0.05",
                "--replicas",
                "2",
                "--run-dir",
                runDir.toString())),
        err.toString());
    TrainingHistory history = new RunDirectory(runDir).readHistory();
    assertEquals(0.05, history.config().weightDecay());
    assertEquals(2, history.config().replicas());
    assertEquals(TrainingEngine.BLAS, history.config().engine(), "the default");
    // The penalty, 0.05 x half the sum of the squared weights, is about 9 at this size; the
    // training loss leaves it out and stays near ln(10) = 2.30 after three minibatches.
    assertTrue(history.epochs().get(0).trainLoss() < 3, history.epochs().toString());

    export(runDir, "decayed", bundleFile);
    BundleManifest manifest =
        ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty()).manifest();
    assertEquals("0.05", manifest.provenance().hyperParameters().get("weightDecay"));
    assertEquals("2", manifest.provenance().hyperParameters().get("replicas"));
    assertEquals("BLAS", manifest.provenance().hyperParameters().get("engine"));
  }

  @Test
  void exportsARunAsABundleAndReportsOnIt() throws IOException {
    Path runDir = dir.resolve("tiny");
    Path bundleFile = dir.resolve("tiny-v1.bundle");

    exportTinyRun(runDir, 3, bundleFile);
    assertTrue(out.toString().contains("wrote tiny version 1 (paper-baseline"), out.toString());
    assertTrue(out.toString().contains("review threshold"), out.toString());
    Evaluation evaluation = Json.read(new RunDirectory(runDir).evaluationFile(), Evaluation.class);
    BundleManifest manifest =
        ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty()).manifest();
    assertEquals(evaluation.accuracy(), manifest.metrics().testAccuracy());
    assertEquals(1, manifest.version());

    Path reportDir = dir.resolve("report");
    assertEquals(
        0,
        run(
            "report",
            "--run-dir",
            runDir.toString(),
            "--out",
            reportDir.toString(),
            "--samples",
            "2"),
        err.toString());
    assertTrue(
        Files.readString(reportDir.resolve(Report.HTML_FILE)).contains("tiny-confusion.png"));
  }

  @Test
  void distilsFromATeacherBundleAndRecordsTheTeacher() throws IOException {
    Path teacher = tinyTeacher(3);
    Path studentDir = dir.resolve("student");

    assertEquals(
        0,
        run(
            "train",
            "--architecture",
            "PAPER_BASELINE",
            "--limit-train",
            "1000",
            "--seed",
            "7",
            "--epochs",
            "1",
            "--teacher",
            teacher.toString(),
            "--distillation-weight",
            "0.7",
            "--distillation-temperature",
            "2",
            "--run-dir",
            studentDir.toString()),
        err.toString());

    BundleManifest teacherManifest =
        ModelBundle.read(teacher, BundleLimits.DEFAULT, Optional.empty()).manifest();
    Distillation distillation = new RunDirectory(studentDir).readHistory().config().distillation();
    assertEquals("tiny v1", distillation.teacher());
    assertEquals(teacherManifest.weightsSha256(), distillation.teacherWeightsSha256());
    assertEquals(0.7, distillation.weight());
    assertEquals(2, distillation.temperature());

    Path studentBundle = dir.resolve("student.bundle");
    export(studentDir, "student", studentBundle);
    var hyperParameters =
        ModelBundle.read(studentBundle, BundleLimits.DEFAULT, Optional.empty())
            .manifest()
            .provenance()
            .hyperParameters();
    assertEquals(
        "tiny v1 (weights sha256 " + teacherManifest.weightsSha256() + ")",
        hyperParameters.get("teacher"));
    assertEquals("0.7", hyperParameters.get("distillationWeight"));
    assertEquals("2.0", hyperParameters.get("distillationTemperature"));

    // Another model under the teacher's file name: resuming must not quietly learn from it.
    tinyTeacher(4);
    assertEquals(1, run("train", "--resume", "--epochs", "2", "--run-dir", studentDir.toString()));
    assertTrue(
        err.toString().contains("is no longer the teacher this run started with (tiny v1"),
        err.toString());
  }

  @Test
  void refusesBadDistillationSettings() throws IOException {
    String runDir = dir.resolve("run").toString();

    assertEquals(2, run("train", "--distillation-weight", "0.5", "--run-dir", runDir));
    assertTrue(err.toString().contains("--distillation-weight needs --teacher"), err.toString());

    assertEquals(2, run("train", "--distillation-temperature", "2", "--run-dir", runDir));
    assertTrue(
        err.toString().contains("--distillation-temperature needs --teacher"), err.toString());

    String missing = dir.resolve("missing.bundle").toString();
    assertEquals(2, run("train", "--teacher", missing, "--run-dir", runDir));
    assertTrue(err.toString().contains(missing + ": no such bundle file"), err.toString());

    Path notABundle = Files.writeString(dir.resolve("notes.txt"), "not a bundle");
    assertEquals(1, run("train", "--teacher", notABundle.toString(), "--run-dir", runDir));
    assertTrue(err.toString().contains("is not a valid model bundle"), err.toString());

    // TestRuns' teacher learnt the split of seed 7 with --limit-train 1000.
    String teacher = tinyTeacher(3).toString();
    assertEquals(2, run("train", "--teacher", teacher, "--run-dir", runDir));
    assertTrue(
        err.toString().contains("this run's is seed 42: the teacher may have learnt"),
        err.toString());

    String[] teachersSplit = {"--teacher", teacher, "--seed", "7", "--limit-train", "1000"};
    assertEquals(2, run(train(teachersSplit, "--distillation-weight", "0", "--run-dir", runDir)));
    assertTrue(
        err.toString().contains("--distillation-weight must be in (0, 1], not 0.0"),
        err.toString());
    assertEquals(
        2, run(train(teachersSplit, "--distillation-temperature", "0.5", "--run-dir", runDir)));
    assertTrue(
        err.toString().contains("--distillation-temperature must be in [1, 20], not 0.5"),
        err.toString());
    assertFalse(Files.exists(Path.of(runDir)), "no run starts from bad settings");
  }

  @Test
  void refitsOnEveryImageThenExportsAndReportsWithoutValidation() throws IOException {
    Path runDir = dir.resolve("refit");
    Path bundleFile = dir.resolve("refit-v1.bundle");

    assertEquals(
        0, run(train(ONE_TINY_EPOCH, "--refit", "--run-dir", runDir.toString())), err.toString());
    assertTrue(out.toString().contains("MAX_EPOCHS: 1 epochs done, best epoch 1"), out.toString());
    assertEquals(
        0,
        run("train", "--resume", "--epochs", "2", "--run-dir", runDir.toString()),
        err.toString());
    TrainingHistory history = new RunDirectory(runDir).readHistory();
    assertTrue(history.config().refit());
    assertNull(history.epochs().get(0).validationLoss());
    assertEquals(2, history.bestEpoch(), "a resumed refit keeps its last epoch");

    assertEquals(2, run("evaluate", "--validation", "--run-dir", runDir.toString()));
    assertTrue(err.toString().contains("holds no validation split"), err.toString());

    String[] exportRefit = exportArguments(runDir, "refit", 1, bundleFile);
    assertEquals(2, run(exportRefit));
    assertTrue(err.toString().contains("give --review-threshold"), err.toString());
    assertEquals(2, run(with(exportRefit, "--review-threshold", "1.5")));
    assertTrue(
        err.toString().contains("--review-threshold must be a confidence in [0, 1], not 1.5"),
        err.toString());
    assertFalse(Files.exists(bundleFile), "no bundle from bad settings");

    assertEquals(0, run(with(exportRefit, "--review-threshold", "0.68")), err.toString());
    assertTrue(out.toString().contains("review threshold 0.68 as given"), out.toString());
    BundleManifest manifest =
        ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty()).manifest();
    assertNull(manifest.metrics().validationAccuracy());
    assertEquals(0.68, manifest.metrics().reviewThreshold());
    assertEquals("true", manifest.provenance().hyperParameters().get("refit"));
    assertFalse(manifest.provenance().hyperParameters().containsKey("patience"));

    Path reportDir = dir.resolve("report");
    assertEquals(
        0,
        run("report", "--run-dir", runDir.toString(), "--out", reportDir.toString()),
        err.toString());
    assertTrue(
        Files.readString(reportDir.resolve(Report.HTML_FILE)).contains("none (refit)"),
        "the report shows the refit has no validation accuracy");
  }

  @Test
  void refusesAGivenReviewThresholdForARunThatChoosesItsOwn() throws IOException {
    Path runDir = dir.resolve("tiny");
    TestRuns.write(runDir, Architecture.PAPER_BASELINE, TestRuns.tinyNetwork(3), false);

    assertEquals(
        2,
        run(
            with(
                exportArguments(runDir, "tiny", 1, dir.resolve("tiny.bundle")),
                "--review-threshold",
                "0.7")));
    assertTrue(
        err.toString().contains("--review-threshold is only for runs trained with --refit"),
        err.toString());
  }

  @Test
  void evaluatesOnTheValidationSplitWithoutWritingAnything() throws IOException {
    Path runDir = dir.resolve("tiny");
    TestRuns.write(runDir, Architecture.PAPER_BASELINE, TestRuns.tinyNetwork(3), false);

    assertEquals(
        0,
        run("evaluate", "--run-dir", runDir.toString(), "--validation", "--mirror-averaging"),
        err.toString());

    assertTrue(out.toString().startsWith("validation split"), out.toString());
    // The run's history limits training to 1,000 images, so 200 are held out.
    assertTrue(
        out.toString().contains("macro avg") && out.toString().contains(" 200\n"), out.toString());
    assertTrue(out.toString().contains("mirror image"), out.toString());
    assertFalse(Files.exists(new RunDirectory(runDir).evaluationFile()));
  }

  @Test
  void exportsAMirrorAveragedBundle() throws IOException {
    Path runDir = dir.resolve("tiny");
    TestRuns.write(runDir, Architecture.PAPER_BASELINE, TestRuns.tinyNetwork(3), false);
    Path bundleFile = dir.resolve("tiny-v2.bundle");

    assertEquals(
        0,
        run(with(exportArguments(runDir, "tiny", 2, bundleFile), "--mirror-averaging")),
        err.toString());

    Evaluation evaluation = Json.read(new RunDirectory(runDir).evaluationFile(), Evaluation.class);
    assertTrue(evaluation.mirrorAveraged());
    BundleManifest manifest =
        ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty()).manifest();
    assertTrue(manifest.input().mirrorAveraged());
    assertEquals(evaluation.accuracy(), manifest.metrics().testAccuracy());
  }

  @Test
  void refusesBadExportSettings() {
    assertEquals(2, run(exportArguments(dir, "tiny", 0, Path.of("x.bundle"))));
    assertTrue(err.toString().contains("bundle versions start at 1"), err.toString());

    assertEquals(1, run(exportArguments(dir, "tiny", 1, Path.of("x.bundle"))));
    assertTrue(err.toString().contains("no best-model.zip"), err.toString());
  }

  @Test
  void bundleCommandsKeepHelpThoughTheirVersionOptionIsTheBundles() {
    CommandLine commandLine = TrainerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));

    assertEquals(0, commandLine.execute("export", "--help"));
    assertEquals(0, commandLine.execute("publish", "--help"));
    assertTrue(
        out.toString().contains("--version=N ") && out.toString().contains("--version=N|auto"),
        out.toString());
  }

  @Test
  void refusesToChangeARunsSettingsWhenResuming() {
    assertEquals(2, run("train", "--resume", "--seed", "3", "--run-dir", dir.toString()));
    assertTrue(err.toString().contains("--seed is fixed by the run being resumed"), err.toString());
    assertEquals(2, run("train", "--resume", "--weight-decay", "0.1", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--weight-decay is fixed by the run being resumed"),
        err.toString());
    assertEquals(2, run("train", "--resume", "--refit", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--refit is fixed by the run being resumed"), err.toString());
  }

  @Test
  void reportsRunDirectoryProblemsInOneLine() {
    assertEquals(1, run("train", "--resume", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().startsWith("error: ") && err.toString().contains("no checkpoint.zip"),
        err.toString());

    assertEquals(1, run("evaluate", "--run-dir", dir.toString()));
    assertTrue(err.toString().contains("no best-model.zip"), err.toString());
  }

  @Test
  void rejectsInvalidSettingsAsUsageErrors() {
    assertEquals(
        2,
        run(
            "train",
            "--architecture",
            "PAPER_BASELINE",
            "--dropout",
            "0.3",
            "--run-dir",
            dir.toString()));
    assertTrue(err.toString().contains("no dropout layers"), err.toString());

    assertEquals(2, run("train", "--lr-schedule", "linear", "--run-dir", dir.toString()));
    assertTrue(err.toString().contains("unknown learning-rate schedule"), err.toString());

    assertEquals(2, run("train", "--label-smoothing", "1", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--label-smoothing must be in [0, 1), not 1.0"), err.toString());

    assertEquals(2, run("train", "--weight-decay", "1", "--run-dir", dir.toString()));
    assertTrue(err.toString().contains("weight decay must be in [0, 1), not 1.0"), err.toString());

    assertEquals(2, run("train", "--weight-decay", "-0.1", "--run-dir", dir.toString()));
    assertTrue(err.toString().contains("weight decay must be in [0, 1), not -0.1"), err.toString());

    assertEquals(2, run("train", "--average-epochs", "-1", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--average-epochs must be at least 0, not -1"), err.toString());

    assertEquals(2, run("train", "--replicas", "65", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--replicas must be between 1 and the batch size (64), not 65"),
        err.toString());

    assertEquals(
        2,
        run("train", "--replicas", "2", "--sharpness-radius", "0.05", "--run-dir", dir.toString()));
    assertTrue(
        err.toString().contains("--replicas above 1 does not combine with --sharpness-radius"),
        err.toString());

    assertEquals(
        2, run("train", "--refit", "--patience", "3", "--run-dir", dir.resolve("r").toString()));
    assertTrue(err.toString().contains("--patience has no effect with --refit"), err.toString());
    assertFalse(Files.exists(dir.resolve("r")), "no run starts from bad settings");

    assertEquals(2, run());
    assertEquals(2, run("train"));
  }

  /**
   * Writes a run whose best model is an untrained tiny network seeded with {@code seed} and exports
   * it as {@code bundle}: model "tiny", version 1.
   */
  private void exportTinyRun(Path runDir, long seed, Path bundle) throws IOException {
    TestRuns.write(runDir, Architecture.PAPER_BASELINE, TestRuns.tinyNetwork(seed), false);
    export(runDir, "tiny", bundle);
  }

  /** Exports the run in {@code runDir} as version 1 of model {@code name}, which must succeed. */
  private void export(Path runDir, String name, Path bundle) {
    assertEquals(0, run(exportArguments(runDir, name, 1, bundle)), err.toString());
  }

  /** An untrained tiny network, seeded with {@code seed}, exported as {@code teacher.bundle}. */
  private Path tinyTeacher(long seed) throws IOException {
    Path bundle = dir.resolve("teacher.bundle");
    exportTinyRun(dir.resolve("teacher-run-" + seed), seed, bundle);
    return bundle;
  }

  /** {@code train}, then {@code options}, then {@code more}. */
  private static String[] train(String[] options, String... more) {
    return with(with(new String[] {"train"}, options), more);
  }

  private int run(String... args) {
    return commands.runOnTestData(args);
  }

  /** A stray '%' in a description makes picocli print a warning and show the text unformatted. */
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    PrintStream standardError = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    List<String> usages = new ArrayList<>();
    try {
      collectUsage(TrainerCli.commandLine(), usages);
    } finally {
      System.setErr(standardError);
    }
    assertTrue(usages.size() > 5, usages.toString());
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
  }

  private static void collectUsage(CommandLine commandLine, List<String> usages) {
    usages.add(commandLine.getUsageMessage());
    commandLine.getSubcommands().values().forEach(sub -> collectUsage(sub, usages));
  }
}
