package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputEncodingTest {

  private static final String BLACK_BACKGROUND = InputSpec.ZERO_BACKGROUND_255_INK;

  private final ModelLoader loader = new ModelLoader(FashionCategories.NAMES);
  private final ModelBundle good = TestModels.tinyBundle("tiny", 1, 7);

  @Test
  void aBundleTrainedInkOnWhiteSeesEachImageInverted() throws Exception {
    ModelBundle inverted =
        withInput(
            new InputSpec(
                List.of(1, 28, 28), InputSpec.PIXEL_OVER_255, "255=background,0=ink", false));
    ModelInput image = randomImage(1);
    byte[] flipped = image.pixels().clone();
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = (byte) (255 - (flipped[i] & 0xFF));
    }

    float[] servedInverted = loader.load(inverted).probabilities(List.of(image));
    float[] servedAsIs = loader.load(good).probabilities(List.of(new ModelInput(flipped)));

    assertArrayEquals(servedAsIs, servedInverted, 1e-6f);
  }

  /** Input specs this runtime cannot honour, and the reason each is refused with. */
  static Stream<Arguments> specsItCannotHonour() {
    return Stream.of(
        Arguments.of(
            new InputSpec(List.of(1, 28, 28), "(pixel-mean)/std", BLACK_BACKGROUND, false),
            "UNSUPPORTED_INPUT"),
        Arguments.of(
            new InputSpec(List.of(1, 28, 28), InputSpec.PIXEL_OVER_255, "transparent", false),
            "UNSUPPORTED_INPUT"),
        Arguments.of(
            new InputSpec(List.of(3, 28, 28), InputSpec.PIXEL_OVER_255, BLACK_BACKGROUND, false),
            "WRONG_INPUT_SHAPE"));
  }

  @ParameterizedTest
  @MethodSource("specsItCannotHonour")
  void refusesWhatItCannotHonour(InputSpec spec, String reason) {
    ModelRejectedException refused =
        assertThrows(ModelRejectedException.class, () -> loader.load(withInput(spec)));
    assertEquals(reason, refused.reason());
  }

  private ModelBundle withInput(InputSpec input) {
    return TestModels.repack(good, input, good.networkJson(), good.weights());
  }

  private static ModelInput randomImage(long seed) {
    byte[] pixels = new byte[ModelInput.PIXELS];
    new Random(seed).nextBytes(pixels);
    return new ModelInput(pixels);
  }
}
