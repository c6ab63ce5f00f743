package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.ModelInput;
import java.util.Random;

/**
 * Light augmentation for training images: a random shift of up to {@link #MAX_SHIFT} pixels in each
 * direction (uncovered pixels become background, 0) and a horizontal flip half the time.
 */
final class Augmentation {

  static final int MAX_SHIFT = 2;

  private Augmentation() {}

  /**
   * Writes image {@code image} randomly shifted and flipped, scaled to [0, 1], into {@code
   * destination} from {@code offset}.
   */
  static void writeAugmented(
      LabelledImages images, int image, Random random, float[] destination, int offset) {
    int rows = LabelledImages.ROWS;
    int columns = LabelledImages.COLUMNS;
    int rowShift = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    int columnShift = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    boolean flip = random.nextBoolean();
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
