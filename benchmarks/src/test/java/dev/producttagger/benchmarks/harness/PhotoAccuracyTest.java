package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Seller photos of real test items are classified about as well as the items' own pixels. */
class PhotoAccuracyTest {

  @Test
  void photosOfASmallSampleScoreCloseToTheirGray8Pixels() throws Exception {
    // The shipped paper CNN: the model the photos benchmark and the review loop measure.
    ServingModel model =
        new ModelLoader(FashionCategories.NAMES)
            .load(
                ModelBundle.read(
                    Path.of("..", "models", "paper-dropout.bundle"),
                    BundleLimits.DEFAULT,
                    Optional.empty()));
    LabelledImages test =
        FashionMnist.loadTest(
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")));

    PhotoAccuracy result = PhotoAccuracy.measure(model.predictor(), test, 200, 400, 500, 7);

    assertEquals(0, result.rejectedPhotos());
    assertTrue(result.gray8Accuracy() > 0.7, "the model itself works: " + result);
    assertTrue(result.photoAccuracy() >= result.gray8Accuracy() - 0.10, result.toString());
  }
}
