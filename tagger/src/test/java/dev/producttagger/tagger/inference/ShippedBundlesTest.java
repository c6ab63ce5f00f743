package dev.producttagger.tagger.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.preprocessing.ModelInput;
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
 * models/teachers/} alike, still loads in the tagger (validation and probe) and classifies held-out
 * images as well as its manifest says: proof that the shipped models work with the tagger of this
 * build.
 */
class ShippedBundlesTest {

  private static final Path MODELS = Path.of("..", "models");

  /** Test images classified per bundle: enough to tell a working model from a broken one. */
  private static final int IMAGES = 1_000;

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
  void loadsAndScoresNearItsManifestTestAccuracy(Path file) throws Exception {
    ServingModel model =
        new ModelLoader(FashionCategories.NAMES)
            .load(ModelBundle.read(file, BundleLimits.DEFAULT, Optional.empty()));
    LabelledImages test =
        FashionMnist.loadTest(
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")));

    List<ModelInput> inputs = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      inputs.add(new ModelInput(test.image(i)));
    }
    List<Prediction> predictions = model.predict(inputs);
    int correct = 0;
    for (int i = 0; i < IMAGES; i++) {
      correct += predictions.get(i).best().index() == test.label(i) ? 1 : 0;
    }

    // The manifest's figure is over all 10,000 test images; 1,000 of them land within a few
    // points of it (one standard error is under a point).
    double manifestAccuracy = model.manifest().metrics().testAccuracy();
    assertEquals(
        manifestAccuracy, correct / (double) IMAGES, 0.03, file + " scored " + correct + "/1000");
  }
}
