package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * accuracy its manifest states on all 10,000 test images: proof that the figure a manifest carries
 * was measured on the path the tagger serves.
 */
class ShippedBundlesTest {

  private static final Path MODELS = Path.of("..", "models");

  /** Inference batch: the trainer's evaluation batch, large enough to amortise each call. */
  private static final int BATCH = 500;

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
  void reproducesItsManifestTestAccuracy(Path file) throws Exception {
    ServingModel model =
        new ModelLoader(FashionCategories.NAMES)
            .load(ModelBundle.read(file, BundleLimits.DEFAULT, Optional.empty()));
    LabelledImages test =
        FashionMnist.loadTest(
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")));

    int correct = 0;
    for (int from = 0; from < test.size(); from += BATCH) {
      List<ModelInput> batch = new ArrayList<>();
      for (int i = from; i < Math.min(test.size(), from + BATCH); i++) {
        batch.add(new ModelInput(test.image(i)));
      }
      List<Prediction> predictions = model.predict(batch);
      for (int i = 0; i < predictions.size(); i++) {
        correct += predictions.get(i).best().index() == test.label(from + i) ? 1 : 0;
      }
    }

    long stated = Math.round(model.manifest().metrics().testAccuracy() * test.size());
    assertEquals(stated, correct, file + ": manifest says " + stated + "/" + test.size());
  }
}
