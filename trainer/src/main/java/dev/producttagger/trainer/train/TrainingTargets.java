package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.model.TrainingInput;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the network is trained to output for each image: its one-hot label, smoothed when asked,
 * and, when distilling, mixed with a teacher's probabilities for the same image.
 */
final class TrainingTargets {

  private final double labelSmoothing;
  private final TeacherTargets teacher;
  private final double teacherWeight;

  private TrainingTargets(double labelSmoothing, TeacherTargets teacher, double teacherWeight) {
    this.labelSmoothing = labelSmoothing;
    this.teacher = teacher;
    this.teacherWeight = teacherWeight;
  }

  /** The labels alone, with {@code labelSmoothing} spread over all classes. */
  static TrainingTargets labels(double labelSmoothing) {
    return new TrainingTargets(labelSmoothing, null, 0);
  }

  /**
   * {@code (1 - teacherWeight) * label + teacherWeight * teacher}, with the labels smoothed by
   * {@code labelSmoothing}; {@code teacher} must cover the images the batches are drawn from.
   */
  static TrainingTargets distilled(
      double labelSmoothing, TeacherTargets teacher, double teacherWeight) {
    return new TrainingTargets(labelSmoothing, teacher, teacherWeight);
  }

  /**
   * The targets of a batch, one row per image.
   *
   * @param images each row's image, as an index into the images the teacher predicted
   * @param labels each row's true class
   */
  INDArray of(int[] images, int[] labels) {
    float[] rows = TrainingInput.smoothedLabelRows(labels, labelSmoothing);
    if (teacher != null) {
      int classes = LabelledImages.CLASS_COUNT;
      float labelWeight = (float) (1 - teacherWeight);
      for (int i = 0; i < images.length; i++) {
        float[] taught = teacher.of(images[i]);
        for (int c = 0; c < classes; c++) {
          int at = i * classes + c;
          rows[at] = labelWeight * rows[at] + (float) teacherWeight * taught[c];
        }
      }
    }
    return TrainingInput.labels(rows, labels.length);
  }
}
