package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.trainer.model.Architecture;
import org.junit.jupiter.api.Test;

class TrainingEngineTest {

  @Test
  void blasByDefaultForNetworksWithoutBatchNormalisationAndWithoutSharpness() {
    assertAll(
        () ->
            assertEquals(
                TrainingEngine.BLAS, TrainingEngine.defaultFor(Architecture.PAPER_DROPOUT, 0)),
        () ->
            assertEquals(
                TrainingEngine.BLAS, TrainingEngine.defaultFor(Architecture.PAPER_BASELINE, 0)),
        () ->
            assertEquals(
                TrainingEngine.DL4J, TrainingEngine.defaultFor(Architecture.PAPER_BASELINE, 0.05)),
        () ->
            assertEquals(
                TrainingEngine.DL4J, TrainingEngine.defaultFor(Architecture.BATCHNORM_CNN, 0)),
        () ->
            assertEquals(
                TrainingEngine.DL4J, TrainingEngine.defaultFor(Architecture.BATCHNORM_VGG, 0)));
  }
}
