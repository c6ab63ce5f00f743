package dev.producttagger.trainer.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.trainer.bundle.BundleExporter;
import dev.producttagger.trainer.bundle.BundleIdentity;
import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.TestRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherTargetsTest {

  private static final LabelledImages IMAGES =
      StratifiedSplit.of(TestData.fashionMnistTrain(), 40, 3).heldOut();

  /** The split of {@link TestRuns#config}, which trained every teacher here. */
  private static final long SEED = 7;

  private static final int LIMIT = 1000;

  @TempDir Path dir;

  @Test
  void temperatureOneKeepsTheProbabilities() {
    float[] probabilities = {0.7f, 0.2f, 0.1f, 0, 0, 0, 0, 0, 0, 0};

    assertArrayEquals(probabilities, TeacherTargets.soften(probabilities, 1), 1e-6f);
  }

  @Test
  void temperatureTwoTakesSquareRootsAndRenormalises() {
    // sqrt(0.8) : sqrt(0.2) = 2 : 1; the zeros stay (almost) zero.
    float[] softened = TeacherTargets.soften(new float[] {0.8f, 0.2f, 0, 0, 0, 0, 0, 0, 0, 0}, 2);

    assertEquals(2 / 3.0, softened[0], 1e-6);
    assertEquals(1 / 3.0, softened[1], 1e-6);
    assertEquals(0, softened[2], 1e-9);
    double sum = 0;
    for (float p : softened) {
      sum += p;
    }
    assertEquals(1, sum, 1e-6);
  }

  @Test
  void theTeacherPredictsEveryImageAsItsBundleSays() throws IOException {
    MultiLayerNetwork network = TestRuns.tinyNetwork(3);
    for (boolean mirrorAveraged : new boolean[] {false, true}) {
      Path bundle = writeBundle(network, mirrorAveraged, "teacher-" + mirrorAveraged);

      TeacherTargets targets =
          TeacherTargets.compute(
              TeacherTargets.describe(bundle, 0.5, 1, SEED, LIMIT, false), IMAGES);

      float[][] expected =
          Evaluator.probabilities(
              Evaluator.predictor(network, mirrorAveraged), IMAGES, 7, done -> {});
      for (int image = 0; image < IMAGES.size(); image++) {
        assertArrayEquals(
            expected[image], targets.of(image), 1e-6f, mirrorAveraged + " image " + image);
      }
    }
  }

  @Test
  void describesTheTeacherByNameVersionAndWeights() throws IOException {
    Path bundle = writeBundle(TestRuns.tinyNetwork(3), false, "teacher");

    Distillation distillation = TeacherTargets.describe(bundle, 0.7, 2, SEED, LIMIT, false);

    assertEquals("tiny v4", distillation.teacher());
    assertEquals(bundle.toString(), distillation.teacherBundle());
    assertEquals(64, distillation.teacherWeightsSha256().length());
    assertEquals(0.7, distillation.weight());
    assertEquals(2, distillation.temperature());
  }

  @Test
  void refusesATeacherTrainedOnAnotherSplit() throws IOException {
    Path bundle = writeBundle(TestRuns.tinyNetwork(3), false, "teacher");

    IllegalArgumentException otherSeed =
        assertThrows(
            IllegalArgumentException.class,
            () -> TeacherTargets.describe(bundle, 0.5, 1, 42, LIMIT, false));
    IllegalArgumentException wholeSet =
        assertThrows(
            IllegalArgumentException.class,
            () -> TeacherTargets.describe(bundle, 0.5, 1, SEED, null, false));

    assertTrue(
        otherSeed
            .getMessage()
            .contains(
                "was trained on the split of seed 7 with --limit-train 1000, this run's is seed 42"
                    + " with --limit-train 1000"),
        otherSeed.getMessage());
    assertTrue(
        wholeSet.getMessage().contains("this run's is seed 7: the teacher may have learnt"),
        wholeSet.getMessage());
  }

  @Test
  void aRefitTakesATeacherFromAnySplitSinceItHoldsNothingOut() throws IOException {
    Path bundle = writeBundle(TestRuns.tinyNetwork(3), false, "teacher");

    assertEquals("tiny v4", TeacherTargets.describe(bundle, 0.5, 1, 42, null, true).teacher());
  }

  @Test
  void refusesATeacherWhoseWeightsChangedSinceTheRunStarted() throws IOException {
    Path bundle = writeBundle(TestRuns.tinyNetwork(3), false, "teacher");
    Distillation distillation = TeacherTargets.describe(bundle, 0.5, 1, SEED, LIMIT, false);
    writeBundle(TestRuns.tinyNetwork(4), false, "teacher");

    IOException refused =
        assertThrows(IOException.class, () -> TeacherTargets.compute(distillation, IMAGES));

    assertTrue(
        refused.getMessage().contains("is no longer the teacher this run started with (tiny v4"),
        refused.getMessage());
  }

  @Test
  void refusesAFileThatIsNotABundle() throws IOException {
    Path notABundle = Files.writeString(dir.resolve("notes.bundle"), "not a zip");

    IOException refused =
        assertThrows(
            IOException.class,
            () -> TeacherTargets.describe(notABundle, 0.5, 1, SEED, LIMIT, false));

    assertTrue(
        refused.getMessage().startsWith("teacher " + notABundle + " is not a valid model bundle"),
        refused.getMessage());
  }

  @Test
  void refusesATeacherWhoseNetworkNamesAClassOutsideDl4j() throws IOException {
    Path bundle = writeBundle(TestRuns.tinyNetwork(3), false, "teacher");
    ModelBundle good = ModelBundle.read(bundle, BundleLimits.DEFAULT, Optional.empty());
    byte[] poisonedJson =
        new String(good.networkJson(), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"@class\"\\s*:\\s*\"org\\.deeplearning4j\\.nn\\.conf\\.layers\\.[^\"]*\"",
                "\"@class\" : \"com.example.Gadget\"")
            .getBytes(StandardCharsets.UTF_8);
    BundleManifest m = good.manifest();
    new ModelBundle(
            new BundleManifest(
                m.name(),
                m.version(),
                m.createdAt(),
                m.architecture(),
                m.classNames(),
                m.input(),
                m.provenance(),
                m.metrics(),
                m.parameterCount(),
                m.weightsSha256(),
                Checksums.sha256Hex(poisonedJson)),
            poisonedJson,
            good.weights())
        .write(bundle, Optional.empty());
    Distillation distillation = TeacherTargets.describe(bundle, 0.5, 1, SEED, LIMIT, false);

    IOException refused =
        assertThrows(IOException.class, () -> TeacherTargets.compute(distillation, IMAGES));

    assertEquals(
        "teacher "
            + bundle
            + ": UNTRUSTED_CLASS: network.json names class com.example.Gadget outside DL4J",
        refused.getMessage());
  }

  @Test
  void refusesSettingsOutsideTheirRanges() {
    assertThrows(IllegalArgumentException.class, () -> new Distillation("f", "t", "s", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Distillation("f", "t", "s", 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new Distillation("f", "t", "s", 0.5, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> new Distillation("f", "t", "s", Double.NaN, 1));
  }

  private Path writeBundle(MultiLayerNetwork network, boolean mirrorAveraged, String fileName)
      throws IOException {
    Path file = dir.resolve(fileName + ".bundle");
    BundleExporter.export(
            network,
            TestRuns.history(Architecture.PAPER_DROPOUT),
            TestRuns.evaluation(mirrorAveraged),
            new BundleExporter.Validation(OptionalDouble.of(0.8), OptionalDouble.empty()),
            new BundleIdentity("tiny", 4, Instant.parse("2026-11-28T12:00:00Z"), "trainer test"))
        .write(file, Optional.empty());
    return file;
  }
}
