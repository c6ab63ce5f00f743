package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

  @Test
  void theLastPlannedEpochTakesTheMeanOfTheLastKEpochsWeights() {
    MultiLayerNetwork network = TestRuns.tinyNetwork(3);
    WeightAverage average = new WeightAverage(null);
    TrainingConfig config = averaging(5, 3);

    assertFalse(afterEpoch(average, network, 1, config, 100f));
    assertFalse(afterEpoch(average, network, 2, config, 100f));
    assertNull(average.state(), "epochs before the window stay out of the mean");
    assertFalse(afterEpoch(average, network, 3, config, 1f));
    assertFalse(afterEpoch(average, network, 4, config, 2f));
    assertEquals(2f, network.params().getFloat(0), "weights change only after the last epoch");
    assertTrue(afterEpoch(average, network, 5, config, 6f));

    assertEquals(3, average.state().firstEpoch());
    assertEquals(3, average.state().count());
    assertEquals(3.0, network.params().minNumber().doubleValue(), 1e-6);
    assertEquals(3.0, network.params().maxNumber().doubleValue(), 1e-6);
  }

  @Test
  void continuesAResumedMeanAndRestartsOneThatDoesNotLeadToThisEpoch() {
    MultiLayerNetwork network = TestRuns.tinyNetwork(3);
    TrainingConfig config = averaging(4, 3);
    WeightAverage resumed = new WeightAverage(new WeightAverage.State(2, 2, weights(network, 1f)));
    assertTrue(afterEpoch(resumed, network, 4, config, 4f));
    assertEquals(2.0, network.params().getDouble(0), 1e-6);

    // A run extended from 4 to 6 epochs after averaging: the old mean covers epochs outside the
    // new window (4-6), so epoch 5 starts a new one.
    TrainingConfig extended = config.withEpochs(6);
    WeightAverage stale = new WeightAverage(new WeightAverage.State(2, 3, weights(network, 1f)));
    assertFalse(afterEpoch(stale, network, 5, extended, 5f));
    assertEquals(5, stale.state().firstEpoch());
    assertTrue(afterEpoch(stale, network, 6, extended, 7f));
    assertEquals(6.0, network.params().getDouble(0), 1e-6);
  }

  @Test
  void averagingFewerThanTwoEpochsLeavesTheWeightsAlone() {
    MultiLayerNetwork network = TestRuns.tinyNetwork(3);
    for (int k : new int[] {0, 1}) {
      WeightAverage average = new WeightAverage(null);
      assertFalse(afterEpoch(average, network, 2, averaging(2, k), 5f));
      assertNull(average.state());
    }
  }

  /** Sets every weight to {@code value}, as if the epoch had trained it there, then adds it. */
  private static boolean afterEpoch(
      WeightAverage average,
      MultiLayerNetwork network,
      int epoch,
      TrainingConfig config,
      float value) {
    network.params().assign(value);
    return average.add(network, epoch, config);
  }

  private static float[] weights(MultiLayerNetwork network, float value) {
    float[] weights = new float[(int) network.numParams()];
    Arrays.fill(weights, value);
    return weights;
  }

  private static TrainingConfig averaging(int epochs, int averagedEpochs) {
    return new TrainingConfig(
        Architecture.PAPER_DROPOUT,
        epochs,
        64,
        0.001,
        "constant",
        0.3,
        Augmentation.NONE,
        1,
        epochs,
        null,
        0,
        averagedEpochs,
        null,
        0,
        Optimizer.ADAM,
        0,
        false,
        null,
        1,
        TrainingEngine.DL4J);
  }
}
