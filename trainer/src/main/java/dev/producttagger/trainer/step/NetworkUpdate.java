package dev.producttagger.trainer.step;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@code fit} does once a minibatch's summed gradient is in the network's gradient view, for
 * engines that compute that gradient themselves: the network's own updater divides it by the
 * minibatch size and applies Adam (or another optimizer), the learning rate and weight decay, and
 * the result is subtracted from the parameters. So the network's parameters, updater state,
 * learning rate and iteration count move as {@code fit} would move them.
 */
public final class NetworkUpdate {

  private NetworkUpdate() {}

  /** Takes the step for a minibatch of {@code batchSize} images whose gradient the view holds. */
  public static void apply(MultiLayerNetwork network, int batchSize) {
    INDArray gradient = network.getFlattenedGradients();
    network
        .getUpdater()
        .update(
            network,
            new DefaultGradient(gradient),
            network.getIterationCount(),
            network.getEpochCount(),
            batchSize,
            LayerWorkspaceMgr.noWorkspaces());
    INDArray parameters = network.params();
    parameters.subi(gradient.reshape(parameters.shape()));
    network.setIterationCount(network.getIterationCount() + 1);
  }
}
