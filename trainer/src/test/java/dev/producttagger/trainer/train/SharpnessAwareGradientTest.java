package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class SharpnessAwareGradientTest {

  private static final double LEARNING_RATE = 0.01;
  private static final double RADIUS = 0.5;
  private static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7};

  @Test
  void stepsFromTheWeightsAlongTheGradientTakenUphillAtTheRadius() {
    MultiLayerNetwork network = network();
    DataSet batch = batch();
    INDArray initial = network.params().dup();

    // By hand: the gradient g at the weights, then the gradient at w + radius * g / |g|.
    MultiLayerNetwork probe = network.clone();
    probe.setInput(batch.getFeatures());
    probe.setLabels(batch.getLabels());
    probe.computeGradientAndScore();
    double scoreAtWeights = probe.score();
    INDArray gradient = probe.getFlattenedGradients().dup().reshape(initial.shape());
    probe.params().addi(gradient.mul(RADIUS / gradient.norm2Number().doubleValue()));
    probe.computeGradientAndScore();
    INDArray uphillGradient = probe.getFlattenedGradients().dup().reshape(initial.shape());
    // computeGradientAndScore sums over the minibatch, and the updater divides by its size; then
    // Nesterov's first step from rest moves the weights by (1 + momentum) x rate x gradient.
    INDArray expected = initial.sub(uphillGradient.mul((1 + 0.9) * LEARNING_RATE / LABELS.length));

    SharpnessAwareGradient sharpnessAware = new SharpnessAwareGradient(RADIUS);
    network.setListeners(sharpnessAware);
    network.fit(batch);

    assertTrue(
        expected.equalsWithEps(network.params(), 1e-6),
        "max difference " + expected.sub(network.params()).normmaxNumber());
    assertEquals(scoreAtWeights, sharpnessAware.unperturbedScore(), 1e-6);
    assertTrue(network.score() > scoreAtWeights, "the moved weights have the higher loss");

    MultiLayerNetwork plain = network();
    plain.fit(batch);
    assertFalse(plain.params().equalsWithEps(network.params(), 1e-6), "the radius changes steps");
  }

  @Test
  void refusesARadiusOfZeroOrLess() {
    assertThrows(IllegalArgumentException.class, () -> new SharpnessAwareGradient(0));
    assertThrows(IllegalArgumentException.class, () -> new SharpnessAwareGradient(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new SharpnessAwareGradient(Double.NaN));
  }

  /** The paper's baseline, which has no dropout, so both passes see the same network. */
  private static MultiLayerNetwork network() {
    return Architecture.PAPER_BASELINE.newNetwork(5, Optimizer.NESTEROV, LEARNING_RATE, 0, 0);
  }

  private static DataSet batch() {
    Nd4j.getRandom().setSeed(11);
    return new DataSet(
        Nd4j.rand(DataType.FLOAT, LABELS.length, 1, 28, 28),
        Nd4j.eye(LabelledImages.CLASS_COUNT).getRows(LABELS).castTo(DataType.FLOAT));
  }
}
