package dev.producttagger.trainer.cli;

import static dev.producttagger.trainer.cli.TrainerCommands.exportArguments;
import static dev.producttagger.trainer.cli.TrainerCommands.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.runtime.network.BundleNetworks;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.finetune.ExampleFile;
import dev.producttagger.trainer.finetune.ExampleFit;
import dev.producttagger.trainer.finetune.ExampleSet;
import dev.producttagger.trainer.finetune.TestExamples;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.report.Report;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TestRuns;
import dev.producttagger.trainer.train.Trainer;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code trainer fine-tune} end to end on a tiny model and a handful of examples: train, stop,
 * resume, export through the model runtime, report; and every kind of bad input refused.
 */
class FineTuneCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TrainerCommands commands = new TrainerCommands(out, err);

  /** Eight training images with their labels, as reviewers would have labelled them. */
  private final List<LabelledExample> examples = TestExamples.fromTraining(0, 8, 0, 21);

  private Path base;
  private Path examplesFile;

  @BeforeEach
  void writeBaseAndExamples() throws Exception {
    base = dir.resolve("tiny-v1.bundle");
    TestModels.tinyBundle("tiny", 1, 5).write(base, Optional.empty());
    examplesFile = dir.resolve("decisions.jsonl");
    ExampleFile.write(examplesFile, ExampleSet.of(examples));
  }

  @Test
  void fineTunesStopsResumesExportsAndReports() throws Exception {
    Path runDir = dir.resolve("run");

    assertEquals(0, run(fineTune(runDir, "--epochs", "1")), err.toString());
    assertTrue(
        out.toString().contains("MAX_EPOCHS: 1 epochs done, keeping epoch 1"), out.toString());
    assertTrue(out.toString().contains("on its 8 examples: loss "), out.toString());
    assertTrue(
        out.toString().contains("bin/trainer export --run-dir " + runDir + " --name tiny"),
        out.toString());

    assertEquals(0, run("fine-tune", "--resume", "--epochs", "2", "--run-dir", runDir.toString()));
    TrainingHistory history = new RunDirectory(runDir).readHistory();
    assertEquals(2, history.completedEpochs());
    assertEquals(2, history.bestEpoch(), "a fine-tuning run keeps its last epoch");
    assertNull(history.epochs().get(1).validationLoss(), "and holds no validation split");

    // The resumed run is the run that never stopped.
    Path straightDir = dir.resolve("straight");
    assertEquals(0, run(fineTune(straightDir, "--epochs", "2")), err.toString());
    assertEquals(
        new RunDirectory(straightDir).loadCheckpoint().network().params(),
        new RunDirectory(runDir).loadCheckpoint().network().params());

    Path bundleFile = dir.resolve("tiny-v2.bundle");
    assertEquals(0, run(exportArguments(runDir, "tiny", 2, bundleFile)), err.toString());
    assertTrue(out.toString().contains("review threshold 0.60, the base bundle's"), out.toString());

    ModelBundle baseBundle = ModelBundle.read(base, BundleLimits.DEFAULT, Optional.empty());
    ModelBundle tuned = ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty());
    BundleManifest manifest = tuned.manifest();
    Map<String, String> recorded = manifest.provenance().hyperParameters();
    assertEquals("tiny", recorded.get("baseName"));
    assertEquals("1", recorded.get("baseVersion"));
    assertEquals(baseBundle.manifest().weightsSha256(), recorded.get("baseWeightsSha256"));
    assertEquals("8", recorded.get("exampleCount"));
    assertEquals(ExampleSet.of(examples).sha256(), recorded.get("examplesSha256"));
    assertEquals("decisions.jsonl", recorded.get("examplesFile"));
    assertEquals(sha256(examplesFile), recorded.get("examplesFileSha256"));
    assertEquals("1.0", recorded.get("replayRatio"));
    assertEquals("0.01", recorded.get("learningRate"));
    assertEquals("2", recorded.get("maxEpochs"));
    assertFalse(recorded.containsKey("patience") || recorded.containsKey("dropoutRate"));
    assertEquals(baseBundle.manifest().architecture(), manifest.architecture());
    assertEquals(2, manifest.provenance().epochs());
    assertEquals(0.6, manifest.metrics().reviewThreshold());
    assertNull(manifest.metrics().validationAccuracy());

    // Through the served path: the exported network fits the examples better than the base.
    LabelledImages images = ExampleSet.of(examples).images();
    ExampleFit before = ExampleFit.of(BundleNetworks.build(baseBundle), images);
    ExampleFit after = ExampleFit.of(BundleNetworks.build(tuned), images);
    assertTrue(after.loss() < before.loss() - 0.5, before + " -> " + after);

    Path reportDir = dir.resolve("report");
    assertEquals(
        0,
        run("report", "--run-dir", runDir.toString(), "--out", reportDir.toString()),
        err.toString());
    assertTrue(Files.readString(reportDir.resolve(Report.HTML_FILE)).contains("test-tiny"));
  }

  @Test
  void refusesBadInputBeforeWritingAnything() throws Exception {
    Path runDir = dir.resolve("run");
    String file = examplesFile.toString();
    String[] into = {"--run-dir", runDir.toString()};

    String missing = dir.resolve("missing.bundle").toString();
    assertRefused(2, missing + ": no such bundle file", "--from", missing, "--examples-file", file);
    assertRefused(2, "give the served model to start from with --from", "--examples-file", file);

    Path otherClasses = dir.resolve("three.bundle");
    TestModels.bundleOf(TestModels.tinyNetwork(1, 3), "three", 1, List.of("a", "b", "c"))
        .write(otherClasses, Optional.empty());
    assertRefused(
        1,
        "predicts [a, b, c], not the ten Fashion-MNIST categories",
        "--from",
        otherClasses.toString(),
        "--examples-file",
        file);
    Path notABundle = Files.writeString(dir.resolve("notes.bundle"), "not a bundle");
    assertRefused(
        1, "is not a valid model bundle", "--from", notABundle.toString(), "--examples-file", file);

    String from = base.toString();
    assertRefused(
        2,
        "--replay-ratio must be at least 0, not -0.5",
        "--from",
        from,
        "--examples-file",
        file,
        "--replay-ratio",
        "-0.5");
    assertRefused(
        2,
        "replays 80,000 images per epoch; there are 60,000 training images",
        "--from",
        from,
        "--examples-file",
        file,
        "--replay-ratio",
        "10000");
    assertRefused(
        2,
        "learning rate must be in (0, 1), not 0.0",
        "--from",
        from,
        "--examples-file",
        file,
        "--learning-rate",
        "0");

    assertRefused(2, "give the examples: --bootstrap-servers", "--from", from);
    assertRefused(
        2,
        "are mutually exclusive",
        "--from",
        from,
        "--examples-file",
        file,
        "--bootstrap-servers",
        "localhost:9");
    // Picocli words it otherwise with the topic first; refused all the same.
    assertRefused(
        2, "--examples-file", "--bootstrap-servers", "localhost:9", "--examples-file", file);
    assertRefused(
        2, "--bootstrap-servers", "--from", from, "--examples-topic", "labelled-examples");

    Path badLine = Files.writeString(dir.resolve("bad.jsonl"), "{\"eventId\": 1}\n");
    assertRefused(1, badLine + " line 1: ", "--from", from, "--examples-file", badLine.toString());
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));
    assertRefused(
        1, "holds no labelled examples", "--from", from, "--examples-file", empty.toString());
    String absent = dir.resolve("absent.jsonl").toString();
    assertRefused(1, "no such file: " + absent, "--from", from, "--examples-file", absent);

    assertFalse(Files.exists(runDir), "no run starts from bad input");
    assertEquals(1, run(with(new String[] {"fine-tune", "--resume"}, into)));
    assertTrue(err.toString().contains("no checkpoint.zip"), err.toString());
  }

  @Test
  void keepsTheWeightedMeanOfTheBaseAndTheLastEpochWithABaseWeight() throws Exception {
    Path lastEpoch = dir.resolve("last-epoch");
    Path averaged = dir.resolve("averaged");
    assertEquals(
        0, run(fineTune(lastEpoch, "--epochs", "2", "--base-weight", "0")), err.toString());
    assertEquals(
        0, run(fineTune(averaged, "--epochs", "2", "--base-weight", "0.25")), err.toString());

    INDArray baseWeights =
        BundleNetworks.build(ModelBundle.read(base, BundleLimits.DEFAULT, Optional.empty()))
            .params();
    INDArray tuned = new RunDirectory(lastEpoch).loadBestModel().params();
    INDArray expected = baseWeights.mul(0.25).addi(tuned.mul(0.75));
    RunDirectory run = new RunDirectory(averaged);
    assertTrue(expected.equalsWithEps(run.loadBestModel().params(), 1e-6), "kept the average");
    assertEquals(
        tuned, run.loadCheckpoint().network().params(), "the checkpoint keeps the last epoch");

    // Resuming the finished run averages again from the checkpoint, not from the average.
    assertEquals(
        0, run("fine-tune", "--resume", "--epochs", "2", "--run-dir", averaged.toString()));
    assertTrue(expected.equalsWithEps(run.loadBestModel().params(), 1e-6), "averaged once");

    Path bundleFile = dir.resolve("averaged.bundle");
    assertEquals(0, run(exportArguments(averaged, "tiny", 2, bundleFile)), err.toString());
    ModelBundle exported = ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty());
    assertEquals("0.25", exported.manifest().provenance().hyperParameters().get("baseWeight"));
    assertTrue(expected.equalsWithEps(BundleNetworks.build(exported).params(), 1e-6));

    for (String weight : List.of("1", "-0.1", "NaN")) {
      assertRefused(
          2,
          "--base-weight must be in [0, 1), not ",
          "--from",
          base.toString(),
          "--examples-file",
          examplesFile.toString(),
          "--base-weight",
          weight);
    }
  }

  @Test
  void distilsTheReplayFromTheBaseWhenAskedAndResumesTheSameRun() throws Exception {
    Path labelsOnly = dir.resolve("labels-only");
    Path distilled = dir.resolve("distilled");
    Path interrupted = dir.resolve("interrupted");
    assertEquals(0, run(fineTune(labelsOnly, "--epochs", "2")), err.toString());
    assertEquals(
        0, run(fineTune(distilled, "--epochs", "2", "--replay-distillation", "1")), err.toString());
    assertNotEquals(
        new RunDirectory(labelsOnly).loadCheckpoint().network().params(),
        new RunDirectory(distilled).loadCheckpoint().network().params(),
        "the base's answers, not the labels, taught the replay");

    assertEquals(
        0,
        run(fineTune(interrupted, "--epochs", "1", "--replay-distillation", "1")),
        err.toString());
    assertEquals(
        0, run("fine-tune", "--resume", "--epochs", "2", "--run-dir", interrupted.toString()));
    assertEquals(
        new RunDirectory(distilled).loadCheckpoint().network().params(),
        new RunDirectory(interrupted).loadCheckpoint().network().params(),
        "a resumed run is taught as the uninterrupted one was");
    assertEquals(
        2,
        run(
            "fine-tune",
            "--resume",
            "--replay-distillation",
            "0",
            "--run-dir",
            interrupted.toString()));
    assertTrue(
        err.toString().contains("--replay-distillation is fixed by the run being resumed"),
        err.toString());

    Path bundleFile = dir.resolve("distilled.bundle");
    assertEquals(0, run(exportArguments(distilled, "tiny", 2, bundleFile)), err.toString());
    ModelBundle exported = ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty());
    assertEquals(
        "1.0", exported.manifest().provenance().hyperParameters().get("replayDistillation"));

    for (String weight : List.of("1.5", "-0.1", "NaN")) {
      assertRefused(
          2,
          "--replay-distillation must be in [0, 1], not ",
          "--from",
          base.toString(),
          "--examples-file",
          examplesFile.toString(),
          "--replay-distillation",
          weight);
    }
  }

  @Test
  void trainsOnlyTheTunedLayersAndKeepsTheOthersAsTheBaseHasThem() throws Exception {
    MultiLayerNetwork baseNetwork =
        BundleNetworks.build(ModelBundle.read(base, BundleLimits.DEFAULT, Optional.empty()));
    String conv = baseNetwork.getLayer(0).conf().getLayer().getLayerName();
    String output = baseNetwork.getLayer(2).conf().getLayer().getLayerName();
    Path runDir = dir.resolve("output-only");

    assertEquals(
        0, run(fineTune(runDir, "--epochs", "1", "--tuned-layers", output)), err.toString());
    assertEquals(0, run("fine-tune", "--resume", "--epochs", "2", "--run-dir", runDir.toString()));

    MultiLayerNetwork tuned = new RunDirectory(runDir).loadCheckpoint().network();
    assertEquals(baseNetwork.getLayer(0).params(), tuned.getLayer(0).params(), "conv kept");
    assertNotEquals(baseNetwork.getLayer(2).params(), tuned.getLayer(2).params(), "output tuned");
    Path bundleFile = dir.resolve("output-only.bundle");
    assertEquals(0, run(exportArguments(runDir, "tiny", 2, bundleFile)), err.toString());
    ModelBundle exported = ModelBundle.read(bundleFile, BundleLimits.DEFAULT, Optional.empty());
    assertEquals(output, exported.manifest().provenance().hyperParameters().get("tunedLayers"));
    assertEquals(
        baseNetwork.getLayerWiseConfigurations().getConf(0).getLayer().getClass(),
        BundleNetworks.build(exported)
            .getLayerWiseConfigurations()
            .getConf(0)
            .getLayer()
            .getClass(),
        "the exported network has the base's layers, none wrapped as frozen");

    assertRefused(
        2,
        "--tuned-layers: the network has no layer 'dense9' with weights; its layers with weights"
            + " are "
            + conv
            + ", "
            + output,
        "--from",
        base.toString(),
        "--examples-file",
        examplesFile.toString(),
        "--tuned-layers",
        conv + ",dense9");
  }

  @Test
  void resumesOnlyItsOwnRunsFromTheExamplesTheyStartedWith() throws Exception {
    Path runDir = dir.resolve("run");
    assertEquals(0, run(fineTune(runDir, "--epochs", "1")), err.toString());

    assertEquals(1, run(fineTune(runDir, "--epochs", "2")));
    assertTrue(err.toString().contains("already holds a run; resume it with --resume"));
    assertEquals(
        2, run("fine-tune", "--resume", "--learning-rate", "0.1", "--run-dir", runDir.toString()));
    assertTrue(
        err.toString().contains("--learning-rate is fixed by the run being resumed"),
        err.toString());
    assertEquals(
        2, run("fine-tune", "--resume", "--examples-file", "x", "--run-dir", runDir.toString()));
    assertTrue(err.toString().contains("--examples-file is fixed by the run"), err.toString());

    assertEquals(1, run("train", "--resume", "--epochs", "2", "--run-dir", runDir.toString()));
    assertTrue(
        err.toString().contains("holds a fine-tuning run; continue it with 'trainer fine-tune"),
        err.toString());

    Path trainRun = dir.resolve("train-run");
    TrainingConfig oneEpoch = TestRuns.config(Architecture.PAPER_BASELINE).withEpochs(1);
    Trainer.start(
        new RunDirectory(trainRun), oneEpoch, oneEpoch.split(TestData.fashionMnistTrain()));
    assertEquals(1, run("fine-tune", "--resume", "--run-dir", trainRun.toString()));
    assertTrue(
        err.toString().contains("holds a run of 'trainer train'; continue it with 'train"),
        err.toString());

    ExampleFile.write(
        new RunDirectory(runDir).examplesFile(), ExampleSet.of(examples.subList(0, 7)));
    assertEquals(1, run("fine-tune", "--resume", "--epochs", "2", "--run-dir", runDir.toString()));
    assertTrue(
        err.toString().contains("no longer holds the examples the run started with"),
        err.toString());
    assertEquals(1, new RunDirectory(runDir).readHistory().completedEpochs());
  }

  private void assertRefused(int exitCode, String message, String... options) {
    List<String> arguments = new ArrayList<>(List.of("fine-tune"));
    arguments.addAll(List.of(options));
    arguments.addAll(List.of("--run-dir", dir.resolve("run").toString()));
    err.getBuffer().setLength(0);
    assertEquals(exitCode, run(arguments.toArray(String[]::new)), err.toString());
    assertTrue(err.toString().contains(message), err.toString());
  }

  /** A fine-tuning run of the tiny base on the examples file, fast enough for a unit test. */
  private String[] fineTune(Path runDir, String... more) {
    return with(
        new String[] {
          "fine-tune",
          "--from",
          base.toString(),
          "--examples-file",
          examplesFile.toString(),
          "--run-dir",
          runDir.toString(),
          "--learning-rate",
          "0.01",
          "--replay-ratio",
          "1",
          "--batch-size",
          "4",
          "--seed",
          "3"
        },
        more);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private int run(String... args) {
    return commands.runOnTestData(args);
  }
}
