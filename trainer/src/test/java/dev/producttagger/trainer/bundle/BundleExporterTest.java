package dev.producttagger.trainer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.runtime.network.BundleNetworks;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.TrainingInput;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TestRuns;
import dev.producttagger.trainer.train.TrainingHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class BundleExporterTest {

  private static final BundleIdentity IDENTITY =
      new BundleIdentity("paper-dropout", 3, Instant.parse("2026-11-27T10:00:00Z"), "trainer test");
  private static final BundleLimits LIMITS = BundleLimits.DEFAULT;

  /** Validation accuracy as export measures it, different from the run history's best epoch. */
  private static final double VALIDATION_ACCURACY = 0.8765;

  /** Untrained: a bundle must carry any weights faithfully, good or not. */
  private static final MultiLayerNetwork NETWORK =
      Architecture.PAPER_DROPOUT.newNetwork(11, 0.001, 0.3);

  @Test
  void aBundleLoadsBackAsTheTaggerLoadsItAndGivesIdenticalOutputs(@TempDir Path dir)
      throws Exception {
    // The network as export finds it: restored from the run's best-model.zip, without updater
    // state.
    RunDirectory run = TestRuns.write(dir, Architecture.PAPER_DROPOUT, NETWORK, false);
    MultiLayerNetwork network = run.loadBestModel();

    byte[] bytes = export(network, OptionalDouble.of(0.8)).toBytes(Optional.empty());
    ModelBundle read = ModelBundle.read(bytes, LIMITS, Optional.empty());

    // The tagger's ModelLoader and the trainer's teachers build bundles' networks this way.
    MultiLayerNetwork loaded = BundleNetworks.build(read);

    INDArray batch = TrainingInput.features(TestData.fashionMnistTrain(), 0, 16);
    assertEquals(network.output(batch, false), loaded.output(batch, false));
    assertEquals(network.numParams(), read.manifest().parameterCount());
  }

  @Test
  void theManifestStatesProvenanceMetricsAndTheReviewThreshold() {
    TrainingHistory history = TestRuns.history(Architecture.PAPER_DROPOUT);
    Evaluation test = TestRuns.evaluation();

    BundleManifest manifest =
        ModelBundle.read(
                export(NETWORK, OptionalDouble.of(0.83)).toBytes(Optional.empty()),
                LIMITS,
                Optional.empty())
            .manifest();

    assertEquals("paper-dropout", manifest.name());
    assertEquals(3, manifest.version());
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), manifest.createdAt());
    assertEquals("paper-dropout", manifest.architecture());
    assertEquals(FashionCategories.NAMES, manifest.classNames());
    assertEquals(InputSpec.fashionMnist(), manifest.input());

    assertEquals(4, manifest.provenance().datasetSha256().size());
    assertEquals(
        FashionMnist.TEST_IMAGES.sha256(),
        manifest.provenance().datasetSha256().get(FashionMnist.TEST_IMAGES.name()));
    assertEquals(7, manifest.provenance().seed());
    assertEquals(2, manifest.provenance().epochs(), "the best epoch, whose weights these are");
    assertEquals(90, manifest.provenance().trainingSeconds(), 1e-9);
    assertEquals("trainer test", manifest.provenance().trainer());
    assertEquals(
        Map.of(
            "maxEpochs",
            "3",
            "batchSize",
            "64",
            "learningRate",
            "0.001",
            "learningRateSchedule",
            "constant",
            "dropoutRate",
            "0.3",
            "augment",
            "NONE",
            "patience",
            "5",
            "limitTrain",
            "1000"),
        manifest.provenance().hyperParameters());

    assertEquals(test.accuracy(), manifest.metrics().testAccuracy(), 1e-12);
    assertNotEquals(history.best().orElseThrow().validationAccuracy(), VALIDATION_ACCURACY);
    assertEquals(VALIDATION_ACCURACY, manifest.metrics().validationAccuracy(), 1e-12);
    assertEquals(0.83, manifest.metrics().reviewThreshold());
    var shirt = manifest.metrics().perClass().get(6);
    assertEquals("Shirt", shirt.className());
    assertEquals(test.classes().get(6).precision(), shirt.precision(), 1e-12);
    assertEquals(test.classes().get(6).recall(), shirt.recall(), 1e-12);
    assertEquals(test.classes().get(6).f1(), shirt.f1(), 1e-12);
    assertEquals(100, shirt.support());
  }

  @Test
  void aModelWithoutAQualifyingThresholdHasNone() {
    ModelBundle bundle = export(NETWORK, OptionalDouble.empty());

    assertNull(
        ModelBundle.read(bundle.toBytes(Optional.empty()), LIMITS, Optional.empty())
            .manifest()
            .metrics()
            .reviewThreshold());
  }

  @Test
  void aSignedBundleReadsOnlyWithItsKey() {
    byte[] key = "export-key".getBytes(StandardCharsets.UTF_8);
    byte[] signed = export(NETWORK, OptionalDouble.empty()).toBytes(Optional.of(key));

    assertEquals(
        IDENTITY.name(), ModelBundle.read(signed, LIMITS, Optional.of(key)).manifest().name());
    InvalidBundleException wrongKey =
        assertThrows(
            InvalidBundleException.class,
            () ->
                ModelBundle.read(
                    signed, LIMITS, Optional.of("other".getBytes(StandardCharsets.UTF_8))));
    assertEquals(InvalidBundleException.Problem.SIGNATURE_INVALID, wrongKey.problem());
  }

  @Test
  void aMirrorAveragedEvaluationMakesAMirrorAveragedBundle() {
    ModelBundle bundle =
        BundleExporter.export(
            NETWORK,
            TestRuns.history(Architecture.PAPER_DROPOUT),
            TestRuns.evaluation(true),
            new BundleExporter.Validation(
                OptionalDouble.of(VALIDATION_ACCURACY), OptionalDouble.of(0.7)),
            IDENTITY);

    BundleManifest manifest =
        ModelBundle.read(bundle.toBytes(Optional.empty()), LIMITS, Optional.empty()).manifest();

    assertEquals(InputSpec.fashionMnist().withMirrorAveraging(), manifest.input());
    assertTrue(manifest.input().mirrorAveraged());
  }

  private static ModelBundle export(MultiLayerNetwork network, OptionalDouble threshold) {
    return BundleExporter.export(
        network,
        TestRuns.history(Architecture.PAPER_DROPOUT),
        TestRuns.evaluation(),
        new BundleExporter.Validation(OptionalDouble.of(VALIDATION_ACCURACY), threshold),
        IDENTITY);
  }
}
