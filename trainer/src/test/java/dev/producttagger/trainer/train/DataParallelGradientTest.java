package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DataParallelGradientTest {

  private static final double LEARNING_RATE = 0.05;
  private static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7};

  /**
   * Nesterov's step is linear in the gradient (Adam's first steps are its sign, which would hide a
   * wrong mean), and the paper's baseline has no dropout or batch normalisation: split or not, the
   * steps must be the same.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void stepsAsTheWholeMinibatchWouldWithEveryPartOnItsOwnCopy(int replicas) {
    MultiLayerNetwork whole = network();
    MultiLayerNetwork split = network();
    ForwardPassAccuracy wholeAccuracy = new ForwardPassAccuracy();
    ForwardPassAccuracy ownAccuracy = new ForwardPassAccuracy();
    whole.setListeners(wholeAccuracy);
    try (DataParallelGradient parallel = new DataParallelGradient(split, replicas)) {
      split.setListeners(parallel, ownAccuracy);
      for (int step = 0; step < 3; step++) {
        DataSet batch = batch(step);
        wholeAccuracy.expect(LABELS);
        whole.fit(batch);

        DataParallelGradient.Part own = parallel.begin(batch, LABELS);
        ownAccuracy.expect(own.labels());
        split.fit(own.dataSet());

        int completed = step + 1;
        assertAll(
            () -> assertEquals(LABELS.length / replicas, own.labels().length),
            () ->
                assertTrue(
                    whole.params().equalsWithEps(split.params(), 1e-5),
                    "step "
                        + completed
                        + ": max difference "
                        + whole.params().sub(split.params()).normmaxNumber()),
            () -> assertEquals(whole.score(), parallel.meanScore(split.score()), 1e-5),
            () ->
                assertEquals(
                    wholeAccuracy.correct(), ownAccuracy.correct() + parallel.replicaCorrect()));
      }
    }
  }

  /** The comparison above can fail: a step on the first half alone lands elsewhere. */
  @Test
  void aStepOnPartOfTheMinibatchIsAnotherStep() {
    MultiLayerNetwork whole = network();
    MultiLayerNetwork half = network();
    DataSet batch = batch(0);
    whole.fit(batch);
    half.fit(
        new DataSet(
            batch.getFeatures().get(NDArrayIndex.interval(0, 4)),
            batch.getLabels().get(NDArrayIndex.interval(0, 4))));

    assertFalse(whole.params().equalsWithEps(half.params(), 1e-5));
  }

  @Test
  void aMinibatchThatDoesNotSplitEvenlyTrainsOnTheNetworkAlone() {
    MultiLayerNetwork network = network();
    try (DataParallelGradient parallel = new DataParallelGradient(network, 3)) {
      network.setListeners(parallel);
      DataSet batch = batch(0);

      DataParallelGradient.Part own = parallel.begin(batch, LABELS);
      network.fit(own.dataSet());

      assertAll(
          () -> assertSame(batch, own.dataSet()),
          () -> assertArrayEquals(LABELS, own.labels()),
          () -> assertEquals(network.score(), parallel.meanScore(network.score())),
          () -> assertEquals(0, parallel.replicaCorrect()));
    }
  }

  @Test
  void needsAtLeastOneCopy() {
    assertThrows(IllegalArgumentException.class, () -> new DataParallelGradient(network(), 1));
  }

  @Test
  void aRunSettingRefusesReplicasItCannotUse() {
    TrainingConfig config = TestRuns.config(Architecture.PAPER_BASELINE);
    IllegalArgumentException moreThanTheBatch =
        assertThrows(IllegalArgumentException.class, () -> TestRuns.withReplicas(config, 65));
    IllegalArgumentException withSharpness =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestRuns.withReplicas(TestRuns.withSharpness(config, 0.05), 2));

    assertAll(
        () ->
            assertEquals(
                "--replicas must be between 1 and the batch size (64), not 65",
                moreThanTheBatch.getMessage()),
        () -> assertTrue(withSharpness.getMessage().contains("--sharpness-radius")),
        () -> assertEquals(1, TestRuns.withReplicas(config, 0).replicas(), "older histories"),
        () -> assertEquals(64, TestRuns.withReplicas(config, 64).replicas()));
  }

  private static MultiLayerNetwork network() {
    return Architecture.PAPER_BASELINE.newNetwork(5, Optimizer.NESTEROV, LEARNING_RATE, 0, 0);
  }

  private static DataSet batch(int step) {
    Nd4j.getRandom().setSeed(11 + step);
    return new DataSet(
        Nd4j.rand(DataType.FLOAT, LABELS.length, 1, 28, 28),
        Nd4j.eye(LabelledImages.CLASS_COUNT).getRows(LABELS).castTo(DataType.FLOAT));
  }
}
