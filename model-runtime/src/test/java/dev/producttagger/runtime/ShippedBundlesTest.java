package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle committed under {@code models/}, served models and the teachers under {@code
 * models/teachers/} alike, loads in this runtime (validation and probe) and reproduces the test
 * accuracy its manifest states on all 10,000 test images, both in the trainer's large batches
 * (DL4J) and in batches small enough for the BLAS pass: proof that the figure a manifest carries
 * was measured on the paths the tagger serves.
 */
class ShippedBundlesTest {

  private static final Path MODELS = Path.of("..", "models");

  /** The trainer's evaluation batch, large enough to amortise each call. */
  private static final int LARGE_BATCH = 500;

  static Stream<Path> shippedBundles() throws IOException {
    try (Stream<Path> files = Files.walk(MODELS)) {
      return files.filter(f -> f.toString().endsWith(".bundle")).sorted().toList().stream();
    }
  }

  @Test
  void theRepositoryShipsBundles() throws IOException {
    assertFalse(shippedBundles().toList().isEmpty(), "no bundles under " + MODELS);
  }

  @ParameterizedTest
  @MethodSource("shippedBundles")
  void reproducesItsManifestTestAccuracyInLargeBatches(Path file) throws Exception {
    assertReproducesTestAccuracy(file, LARGE_BATCH);
  }

  @ParameterizedTest
  @MethodSource("shippedBundles")
  void reproducesItsManifestTestAccuracyOnTheBlasPass(Path file) throws Exception {
    assertReproducesTestAccuracy(file, Predictor.SMALL_BATCH_LIMIT);
  }

  private static void assertReproducesTestAccuracy(Path file, int batchSize) throws Exception {
    ServingModel model =
        new ModelLoader(FashionCategories.NAMES)
            .load(ModelBundle.read(file, BundleLimits.DEFAULT, Optional.empty()));
    assertTrue(
        batchSize > Predictor.SMALL_BATCH_LIMIT || model.predictor().hasSmallBatchPass(),
        file + " has no BLAS pass");
    LabelledImages test =
        FashionMnist.loadTest(
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")));

    int correct = 0;
    for (int from = 0; from < test.size(); from += batchSize) {
      List<ModelInput> batch = new ArrayList<>();
      for (int i = from; i < Math.min(test.size(), from + batchSize); i++) {
        batch.add(new ModelInput(test.image(i)));
      }
      List<Prediction> predictions = model.predict(batch);
      for (int i = 0; i < predictions.size(); i++) {
        correct += predictions.get(i).best().index() == test.label(from + i) ? 1 : 0;
      }
    }

    long stated = Math.round(model.manifest().metrics().testAccuracy() * test.size());
    assertEquals(
        stated,
        correct,
        file + " in batches of " + batchSize + ": manifest says " + stated + "/" + test.size());
  }
}
