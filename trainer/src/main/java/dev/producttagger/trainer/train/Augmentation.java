package dev.producttagger.trainer.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.ModelInput;
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
  SHIFT_AND_FLIP;

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
      ModelInput.writeScaled(images, image, destination, offset);
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
            inside ? images.pixel(image, sourceRow, sourceColumn) * ModelInput.PIXEL_SCALE : 0f;
      }
    }
  }
}
