package dev.producttagger.runtime;

import dev.producttagger.schemas.bundle.InputSpec;
import java.util.List;

/**
 * How the 8-bit pixels of a {@link ModelInput} become the network's input values, as a bundle's
 * {@link InputSpec} states it: its {@code scaling} and its {@code background}. One table of 256
 * values, so honouring the spec costs a lookup per pixel.
 *
 * <p>A {@link ModelInput} is always in Fashion-MNIST's polarity (0 = background, 255 = ink); a
 * network trained on the opposite polarity gets its pixels inverted first. A spec this class does
 * not know is refused, never served with a guess.
 */
final class InputEncoding {

  /** The one input shape a {@link ModelInput} fills: one channel of 28 x 28, channels first. */
  static final List<Integer> SHAPE = List.of(1, ModelInput.SIDE, ModelInput.SIDE);

  /** Inverted polarity: 255 is background, 0 is ink (dark items photographed on white). */
  static final String INK_ON_WHITE = "255=background,0=ink";

  private final float[] valueOfPixel = new float[256];

  private InputEncoding(boolean inverted) {
    for (int pixel = 0; pixel < 256; pixel++) {
      valueOfPixel[pixel] = (inverted ? 255 - pixel : pixel) / 255f;
    }
  }

  /**
   * The encoding {@code spec} asks for.
   *
   * @throws ModelRejectedException {@code UNSUPPORTED_INPUT} for a shape, scaling or background
   *     this runtime cannot honour
   */
  static InputEncoding of(InputSpec spec) throws ModelRejectedException {
    if (!spec.shape().equals(SHAPE)) {
      throw new ModelRejectedException(
          "WRONG_INPUT_SHAPE", "bundle expects input " + spec.shape() + ", expected " + SHAPE);
    }
    if (!spec.scaling().equals(InputSpec.PIXEL_OVER_255)) {
      throw unsupported("scaling", spec.scaling(), InputSpec.PIXEL_OVER_255);
    }
    return switch (spec.background()) {
      case InputSpec.ZERO_BACKGROUND_255_INK -> new InputEncoding(false);
      case INK_ON_WHITE -> new InputEncoding(true);
      default ->
          throw unsupported(
              "background",
              spec.background(),
              InputSpec.ZERO_BACKGROUND_255_INK + "' or '" + INK_ON_WHITE);
    };
  }

  /** Writes the input values of {@code input} into {@code destination} from {@code offset}. */
  void write(ModelInput input, float[] destination, int offset) {
    byte[] pixels = input.pixels();
    for (int i = 0; i < pixels.length; i++) {
      destination[offset + i] = valueOfPixel[pixels[i] & 0xFF];
    }
  }

  private static ModelRejectedException unsupported(String field, String value, String known) {
    return new ModelRejectedException(
        "UNSUPPORTED_INPUT",
        "bundle input "
            + field
            + " '"
            + value
            + "' is not one this runtime honours ('"
            + known
            + "')");
  }
}
