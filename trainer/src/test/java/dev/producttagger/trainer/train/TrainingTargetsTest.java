package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingTargetsTest {

  @Test
  void withoutATeacherTheTargetsAreTheSmoothedLabels() {
    int[] labels = {3, 0, 9};

    assertEquals(
        TrainingInput.smoothedLabels(labels, 0.1),
        TrainingTargets.labels(0.1).of(new int[] {5, 6, 7}, labels));
  }

  @Test
  void aTeachersProbabilitiesAreMixedIntoEachImagesOwnTarget() {
    float[][] teacher = {
      {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0.5f, 0, 0.5f, 0, 0, 0, 0},
    };
    TrainingTargets targets = TrainingTargets.distilled(0.1, new TeacherTargets(teacher, 1), 0.25);

    // Image 1 (label 3) comes first: 0.75 x smoothed label + 0.25 x the teacher's row for image 1.
    float[][] rows = targets.of(new int[] {1, 0}, new int[] {3, 0}).toFloatMatrix();

    float[] expectedForImage1 = new float[10];
    Arrays.fill(expectedForImage1, 0.75f * 0.01f);
    expectedForImage1[3] = 0.75f * 0.91f + 0.25f * 0.5f;
    expectedForImage1[5] = 0.75f * 0.01f + 0.25f * 0.5f;
    assertArrayEquals(expectedForImage1, rows[0], 1e-6f);
    assertEquals(0.8075f, rows[0][3], 1e-6f);
    assertEquals(0.75f * 0.91f + 0.25f, rows[1][0], 1e-6f);
    for (float[] row : rows) {
      float sum = 0;
      for (float value : row) {
        sum += value;
      }
      assertEquals(1, sum, 1e-6f);
    }
  }
}
