package dev.producttagger.trainer.train;

import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic weight averaging (Izmailov et al., 2018): the running mean of the network's weights at
 * the ends of a run's last {@link TrainingConfig#averagedEpochs()} planned epochs. After the last
 * planned epoch the network takes the mean, so that epoch's validation, best model and checkpoint
 * are the averaged network's. DL4J keeps batch normalisation's running mean and variance among the
 * parameters, so those are averaged too rather than estimated again.
 */
final class WeightAverage {

  /**
   * What a checkpoint keeps to continue the average after a resume.
   *
   * @param firstEpoch the first epoch in the mean
   * @param count how many consecutive epochs' weights are in the mean
   * @param weights the mean, in the order of {@link MultiLayerNetwork#params()}
   */
  record State(int firstEpoch, int count, float[] weights) implements Serializable {

    State plus(float[] epochWeights) {
      float[] mean = weights.clone();
      float newCount = count + 1;
      for (int i = 0; i < mean.length; i++) {
        mean[i] += (epochWeights[i] - mean[i]) / newCount;
      }
      return new State(firstEpoch, count + 1, mean);
    }
  }

  private State state;

  /** Starts from a checkpoint's state, or from nothing when {@code resumed} is null. */
  WeightAverage(State resumed) {
    this.state = resumed;
  }

  /** The state to store in a checkpoint; null while no epoch is in the mean. */
  State state() {
    return state;
  }

  /**
   * Called after each epoch's training, before its validation: adds the network's weights when
   * {@code epoch} is one of the averaged epochs and, after the last planned epoch, gives the
   * network the mean. A mean that does not run up to this epoch inside the window (a run extended
   * after it averaged) starts again here.
   *
   * @return whether the network now holds averaged weights
   */
  boolean add(MultiLayerNetwork network, int epoch, TrainingConfig config) {
    if (config.averagedEpochs() < 2 || epoch < config.firstAveragedEpoch()) {
      return false;
    }
    float[] weights = network.params().toFloatVector();
    boolean continues =
        state != null
            && state.firstEpoch() >= config.firstAveragedEpoch()
            && state.firstEpoch() + state.count() == epoch;
    state = continues ? state.plus(weights) : new State(epoch, 1, weights);
    if (epoch < config.epochs() || state.count() < 2) {
      return false;
    }
    network.setParams(Nd4j.create(state.weights(), network.params().shape(), 'c'));
    return true;
  }
}
