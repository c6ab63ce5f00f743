package dev.producttagger.trainer.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/** How the weights follow their gradients. The paper trains with Adam. */
public enum Optimizer {

  /** Adam (Kingma and Ba, 2015) with its default moment decays, 0.9 and 0.999, as the paper. */
  ADAM {
    @Override
    public IUpdater updater(double learningRate) {
      return new Adam(learningRate);
    }
  },

  /**
   * Stochastic gradient descent with Nesterov momentum {@value #MOMENTUM}, which often generalises
   * better than Adam on image classifiers (Wilson et al., 2017); it wants a rate some 25x Adam's.
   */
  NESTEROV {
    @Override
    public IUpdater updater(double learningRate) {
      return new Nesterovs(learningRate, MOMENTUM);
    }
  };

  static final double MOMENTUM = 0.9;

  /** DL4J's updater for this optimizer at {@code learningRate}, with fresh state. */
  public abstract IUpdater updater(double learningRate);
}
