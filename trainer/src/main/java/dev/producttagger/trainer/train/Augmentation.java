package dev.producttagger.trainer.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.Optional;
import java.util.Random;

/**
 * Light augmentation for training images. Each mode draws its random numbers in a fixed order from
 * the epoch's seeded generator, so a resumed run sees the same images.
 */
public enum Augmentation {

  /** The images as they are. */
  NONE,

  /** A horizontal flip half the time; garments look alike mirrored. */
  FLIP,

  /**
   * A random shift of up to {@link #MAX_SHIFT} pixels in each direction (uncovered pixels become
   * background, 0), then a horizontal flip half the time.
   */
  SHIFT_AND_FLIP,

  /**
   * A horizontal flip half the time, then, half the time, one random rectangle of the image
   * replaced by noise: random erasing (Zhong et al., 2020, with their defaults), which makes the
   * network use the whole garment rather than one telling part.
   */
  FLIP_AND_ERASE;

  static final int MAX_SHIFT = 2;

  /** Reads history files written before FLIP existed, which stored a boolean. */
  @JsonCreator
  static Augmentation fromJson(Object value) {
    if (value instanceof Boolean augmented) {
      return augmented ? SHIFT_AND_FLIP : NONE;
    }
    return valueOf(String.valueOf(value));
  }

  /**
   * Writes image {@code image}, augmented by this mode and scaled to [0, 1], into {@code
   * destination} from {@code offset}.
   */
  void write(LabelledImages images, int image, Random random, float[] destination, int offset) {
    if (this == NONE) {
      TrainingInput.writeScaled(images, image, destination, offset);
      return;
    }
    int rowShift = 0;
    int columnShift = 0;
    if (this == SHIFT_AND_FLIP) {
      rowShift = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
      columnShift = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    }
    boolean flip = random.nextBoolean();
    int rows = LabelledImages.ROWS;
    int columns = LabelledImages.COLUMNS;
    for (int row = 0; row < rows; row++) {
      int sourceRow = row - rowShift;
      for (int column = 0; column < columns; column++) {
        int shiftedColumn = column - columnShift;
        int sourceColumn = flip ? columns - 1 - shiftedColumn : shiftedColumn;
        boolean inside =
            sourceRow >= 0 && sourceRow < rows && sourceColumn >= 0 && sourceColumn < columns;
        destination[offset + row * columns + column] =
            inside ? images.pixel(image, sourceRow, sourceColumn) * TrainingInput.PIXEL_SCALE : 0f;
      }
    }
    if (this == FLIP_AND_ERASE && random.nextBoolean()) {
      Erasure.draw(random).ifPresent(erasure -> erasure.fill(random, destination, offset));
    }
  }

  /** A rectangle of the image to overwrite with uniform noise in [0, 1). */
  record Erasure(int top, int left, int height, int width) {

    static final double MIN_AREA = 0.02;
    static final double MAX_AREA = 0.4;
    static final double MIN_ASPECT = 0.3;
    static final double MAX_ASPECT = 1 / MIN_ASPECT;
    private static final int ATTEMPTS = 10;

    /**
     * A rectangle covering 2-40% of the image with a height-to-width ratio of 0.3-3.3; empty when
     * none of the attempts fits inside the image, which leaves the image as it is.
     */
    static Optional<Erasure> draw(Random random) {
      int rows = LabelledImages.ROWS;
      int columns = LabelledImages.COLUMNS;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        double area = rows * columns * (MIN_AREA + random.nextDouble() * (MAX_AREA - MIN_AREA));
        double logAspect =
            Math.log(MIN_ASPECT)
                + random.nextDouble() * (Math.log(MAX_ASPECT) - Math.log(MIN_ASPECT));
        double aspect = Math.exp(logAspect);
        int height = (int) Math.round(Math.sqrt(area * aspect));
        int width = (int) Math.round(Math.sqrt(area / aspect));
        if (height >= 1 && width >= 1 && height < rows && width < columns) {
          int top = random.nextInt(rows - height + 1);
          int left = random.nextInt(columns - width + 1);
          return Optional.of(new Erasure(top, left, height, width));
        }
      }
      return Optional.empty();
    }

    void fill(Random random, float[] destination, int offset) {
      for (int row = top; row < top + height; row++) {
        for (int column = left; column < left + width; column++) {
          destination[offset + row * LabelledImages.COLUMNS + column] = random.nextFloat();
        }
      }
    }
  }
}
