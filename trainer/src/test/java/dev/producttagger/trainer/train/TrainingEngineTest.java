package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainingEngineTest {

  @Test
  void blasByDefaultAndDl4jForSharpnessAwareMinimisation() {
    assertAll(
        () -> assertEquals(TrainingEngine.BLAS, TrainingEngine.defaultFor(0)),
        () -> assertEquals(TrainingEngine.DL4J, TrainingEngine.defaultFor(0.05)));
  }
}
