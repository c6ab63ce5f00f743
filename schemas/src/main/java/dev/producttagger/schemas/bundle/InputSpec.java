package dev.producttagger.schemas.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What the network expects as one input, so a tagger can prepare pixels the way the trainer did.
 *
 * @param shape dimensions of one input, channels first, such as [1, 28, 28]
 * @param scaling how an 8-bit pixel p becomes an input value, such as {@value #PIXEL_OVER_255}
 * @param background pixel polarity, such as {@value #ZERO_BACKGROUND_255_INK}
 * @param mirrorAveraged whether a prediction is the mean of the network's class probabilities for
 *     the image and for its {@linkplain #mirrored left-right mirror image}, as the model was
 *     evaluated; false (one pass over the image as it is) in bundles written before this field
 */
public record InputSpec(
    List<Integer> shape, String scaling, String background, boolean mirrorAveraged) {

  /** Input value = p / 255, so 0..255 maps to 0..1. */
  public static final String PIXEL_OVER_255 = "pixel/255";

  /** Fashion-MNIST's polarity: 0 is background, 255 is ink. */
  public static final String ZERO_BACKGROUND_255_INK = "0=background,255=ink";

  public InputSpec {
    shape = List.copyOf(shape);
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(background, "background");
  }

  /** Reads manifests written before {@code mirrorAveraged} existed as one pass. */
  @JsonCreator
  static InputSpec fromJson(
      @JsonProperty("shape") List<Integer> shape,
      @JsonProperty("scaling") String scaling,
      @JsonProperty("background") String background,
      @JsonProperty("mirrorAveraged") Boolean mirrorAveraged) {
    return new InputSpec(shape, scaling, background, Boolean.TRUE.equals(mirrorAveraged));
  }

  /** Fashion-MNIST's input: one 28x28 gray channel, scaled to 0..1, 0 = background. */
  public static InputSpec fashionMnist() {
    return new InputSpec(List.of(1, 28, 28), PIXEL_OVER_255, ZERO_BACKGROUND_255_INK, false);
  }

  /** This input with predictions averaged over each image and its mirror image. */
  public InputSpec withMirrorAveraging() {
    return new InputSpec(shape, scaling, background, true);
  }

  /**
   * The left-right mirror images of {@code inputs}: inputs of this shape one after another, each in
   * row-major order, as a flattened [n, channels, height, width] batch holds them.
   *
   * @throws IllegalArgumentException if {@code inputs} is not a whole number of inputs
   */
  public float[] mirrored(float[] inputs) {
    int width = shape.get(shape.size() - 1);
    int size = shape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
    if (inputs.length % size != 0) {
      throw new IllegalArgumentException(
          inputs.length + " values are not a whole number of " + shape + " inputs");
    }
    float[] mirrored = new float[inputs.length];
    for (int rowStart = 0; rowStart < inputs.length; rowStart += width) {
      for (int column = 0; column < width; column++) {
        mirrored[rowStart + column] = inputs[rowStart + width - 1 - column];
      }
    }
    return mirrored;
  }
}
