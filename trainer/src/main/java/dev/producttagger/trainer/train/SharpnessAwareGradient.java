package dev.producttagger.trainer.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sharpness-aware minimisation (Foret et al., 2021): every step follows the gradient taken at the
 * worst point within {@code radius} of the weights, to first order {@code w + radius * g / |g|},
 * instead of the gradient at the weights themselves. That steers training towards flat minima,
 * which generalise better, for a second forward and backward pass per minibatch.
 *
 * <p>DL4J calls this listener after computing a minibatch's gradient and before the updater turns
 * it into a step. The listener moves the weights, recomputes the gradient in place there and moves
 * the weights back, so the optimizer (Adam or Nesterov, with weight decay) steps from the original
 * weights along the new gradient.
 */
final class SharpnessAwareGradient extends BaseTrainingListener {

  private final double radius;
  private double unperturbedScore = Double.NaN;

  /**
   * @param radius how far the weights move, in the Euclidean norm over all parameters; above 0
   */
  SharpnessAwareGradient(double radius) {
    if (!(radius > 0)) {
      throw new IllegalArgumentException("the sharpness radius must be above 0, not " + radius);
    }
    this.radius = radius;
  }

  /** The loss of the last minibatch at the weights themselves, before they were moved. */
  double unperturbedScore() {
    return unperturbedScore;
  }

  @Override
  public void onGradientCalculation(Model model) {
    MultiLayerNetwork network = (MultiLayerNetwork) model;
    unperturbedScore = network.score();
    INDArray gradient = network.getFlattenedGradients();
    double norm = gradient.norm2Number().doubleValue();
    if (norm == 0) {
      return;
    }
    INDArray parameters = network.params();
    // DL4J keeps the parameters as a vector and their gradients as a one-row matrix.
    INDArray ascent = gradient.mul(radius / norm).reshape(parameters.shape());
    parameters.addi(ascent);
    network.computeGradientAndScore();
    parameters.subi(ascent);
  }
}
