package dev.producttagger.schemas.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What the network expects as one input, so a tagger can prepare pixels the way the trainer did.
 *
 * @param shape dimensions of one input, channels first, such as [1, 28, 28]
 * @param scaling how an 8-bit pixel p becomes an input value, such as {@value #PIXEL_OVER_255}
 * @param background pixel polarity, such as {@value #ZERO_BACKGROUND_255_INK}
 */
public record InputSpec(List<Integer> shape, String scaling, String background) {

  /** Input value = p / 255, so 0..255 maps to 0..1. */
  public static final String PIXEL_OVER_255 = "pixel/255";

  /** Fashion-MNIST's polarity: 0 is background, 255 is ink. */
  public static final String ZERO_BACKGROUND_255_INK = "0=background,255=ink";

  public InputSpec {
    shape = List.copyOf(shape);
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(background, "background");
  }

  /** Fashion-MNIST's input: one 28x28 gray channel, scaled to 0..1, 0 = background. */
  public static InputSpec fashionMnist() {
    return new InputSpec(List.of(1, 28, 28), PIXEL_OVER_255, ZERO_BACKGROUND_255_INK);
  }
}
