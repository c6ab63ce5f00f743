package dev.producttagger.runtime.blas;

/**
 * The shape of one image's activations, channels last: {@code height x width x channels} floats in
 * row, column, channel order. A flattened vector of features is {@code 1 x 1 x features}, so
 * flattening channels-last activations moves no data.
 */
public record FeatureShape(int height, int width, int channels) {

  public FeatureShape {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "empty feature shape " + height + "x" + width + "x" + channels);
    }
  }

  public static FeatureShape vector(int features) {
    return new FeatureShape(1, 1, features);
  }

  /** Floats per image. */
  public int size() {
    return height * width * channels;
  }

  /** Image positions per image: the rows each image adds to a convolution's matrix product. */
  public int positions() {
    return height * width;
  }
}
