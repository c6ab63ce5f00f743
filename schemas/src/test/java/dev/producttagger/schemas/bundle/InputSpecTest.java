package dev.producttagger.schemas.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputSpecTest {

  private static final InputSpec TWO_BY_THREE =
      new InputSpec(
          List.of(1, 2, 3), InputSpec.PIXEL_OVER_255, InputSpec.ZERO_BACKGROUND_255_INK, false);

  @Test
  void mirroringReversesEveryRowOfEveryInput() {
    float[] twoInputs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    assertArrayEquals(
        new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, TWO_BY_THREE.mirrored(twoInputs));
  }

  @Test
  void mirroringTwiceGivesTheInputsBack() {
    float[] inputs = new float[3 * 28 * 28];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = i % 97;
    }
    InputSpec fashionMnist = InputSpec.fashionMnist();

    float[] mirrored = fashionMnist.mirrored(inputs);

    assertEquals(inputs[27], mirrored[0]);
    assertEquals(inputs[28 * 28 + 28], mirrored[28 * 28 + 28 + 27]);
    assertArrayEquals(inputs, fashionMnist.mirrored(mirrored));
  }

  @Test
  void mirroringRefusesAPartialInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TWO_BY_THREE.mirrored(new float[9]));

    assertTrue(e.getMessage().contains("[1, 2, 3]"), e.getMessage());
  }

  @Test
  void fashionMnistIsOnePassUntilAskedToAverage() {
    assertFalse(InputSpec.fashionMnist().mirrorAveraged());
    assertTrue(InputSpec.fashionMnist().withMirrorAveraging().mirrorAveraged());
    assertEquals(
        InputSpec.fashionMnist().shape(), InputSpec.fashionMnist().withMirrorAveraging().shape());
  }
}
