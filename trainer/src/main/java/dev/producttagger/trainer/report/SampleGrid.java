package dev.producttagger.trainer.report;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.eval.Predictions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Test images as the paper's Figs. 4 and 5 show them: upscaled with square pixels, framed green
 * when the network classifies them right and red when it does not, captioned with the true and
 * predicted class. Ink is drawn dark on white, as the products appear in a shop.
 */
final class SampleGrid {

  /**
   * The first {@code perKind} correctly and the first {@code perKind} wrongly classified images, in
   * test-set order, predicted in the test evaluation's mode.
   */
  record Samples(List<TestSample> correct, List<TestSample> misclassified) {}

  static final int COLUMNS = 6;
  private static final int SCALE = 4;
  private static final int FRAME = 4;
  private static final int FRAMED_SIDE = LabelledImages.ROWS * SCALE + 2 * FRAME;
  private static final int CELL_WIDTH = 156;
  private static final int LINE_HEIGHT = 16;
  private static final int CELL_HEIGHT = FRAMED_SIDE + 2 * LINE_HEIGHT + 12;
  private static final int MARGIN = 8;
  private static final int TEXT_INSET = 8;
  private static final Color CORRECT = new Color(0x2ca02c);
  private static final Color WRONG = new Color(0xd62728);
  private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  /**
   * Images per forward pass while looking for samples; the first pass nearly always finds enough.
   */
  private static final int BATCH = 500;

  private SampleGrid() {}

  static Samples pick(
      MultiLayerNetwork network, LabelledImages images, int perKind, boolean mirrorAveraged) {
    Predictor predictor = Evaluator.predictor(network, mirrorAveraged);
    List<TestSample> correct = new ArrayList<>();
    List<TestSample> misclassified = new ArrayList<>();
    for (int from = 0;
        from < images.size() && (correct.size() < perKind || misclassified.size() < perKind);
        from += BATCH) {
      int to = Math.min(images.size(), from + BATCH);
      Predictions predictions =
          Evaluator.predict(predictor, images.select(IntStream.range(from, to).toArray()), BATCH);
      for (int i = 0; i < to - from; i++) {
        TestSample sample =
            new TestSample(
                from + i,
                images.label(from + i),
                predictions.predicted()[i],
                predictions.confidence()[i]);
        List<TestSample> kind = sample.correct() ? correct : misclassified;
        if (kind.size() < perKind) {
          kind.add(sample);
        }
      }
    }
    return new Samples(List.copyOf(correct), List.copyOf(misclassified));
  }

  static int width(int samples) {
    return 2 * MARGIN + Math.min(samples, COLUMNS) * CELL_WIDTH;
  }

  static int height(int samples) {
    return 2 * MARGIN + (samples + COLUMNS - 1) / COLUMNS * CELL_HEIGHT;
  }

  static BufferedImage draw(
      LabelledImages images, List<TestSample> samples, List<String> classNames) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a sample grid needs at least one sample");
    }
    BufferedImage grid =
        new BufferedImage(
            width(samples.size()), height(samples.size()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      // Square, sharp pixels: smoothing would invent detail the 28x28 images do not have.
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setFont(CAPTION);
      for (int i = 0; i < samples.size(); i++) {
        drawCell(
            g,
            images,
            samples.get(i),
            classNames,
            MARGIN + i % COLUMNS * CELL_WIDTH,
            MARGIN + i / COLUMNS * CELL_HEIGHT);
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /**
   * One sample in the cell whose top left corner is ({@code cellX}, {@code cellY}): the framed
   * image centred, two caption lines below.
   */
  private static void drawCell(
      Graphics2D g,
      LabelledImages images,
      TestSample sample,
      List<String> classNames,
      int cellX,
      int cellY) {
    int frameX = cellX + (CELL_WIDTH - FRAMED_SIDE) / 2;
    g.setColor(sample.correct() ? CORRECT : WRONG);
    g.fillRect(frameX, cellY, FRAMED_SIDE, FRAMED_SIDE);
    int side = LabelledImages.ROWS * SCALE;
    g.drawImage(pixels(images, sample.index()), frameX + FRAME, cellY + FRAME, side, side, null);
    g.setColor(Color.BLACK);
    int textX = cellX + TEXT_INSET;
    g.drawString(
        "true: " + classNames.get(sample.actual()), textX, cellY + FRAMED_SIDE + LINE_HEIGHT);
    g.drawString(
        String.format(
            Locale.ROOT,
            "pred: %s %.0f%%",
            classNames.get(sample.predicted()),
            100 * sample.confidence()),
        textX,
        cellY + FRAMED_SIDE + 2 * LINE_HEIGHT);
  }

  private static BufferedImage pixels(LabelledImages images, int image) {
    BufferedImage pixels =
        new BufferedImage(LabelledImages.COLUMNS, LabelledImages.ROWS, BufferedImage.TYPE_INT_RGB);
    for (int row = 0; row < LabelledImages.ROWS; row++) {
      for (int column = 0; column < LabelledImages.COLUMNS; column++) {
        int gray = 255 - images.pixel(image, row, column);
        pixels.setRGB(column, row, gray << 16 | gray << 8 | gray);
      }
    }
    return pixels;
  }
}
