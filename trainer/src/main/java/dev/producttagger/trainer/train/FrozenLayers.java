package dev.producttagger.trainer.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps every layer but the tuned ones exactly as it is, so a fine-tuning run adapts only those
 * (surgical fine-tuning, Lee et al., 2023: for a shift in the input, such as photos against scans,
 * the first layers are where it is learnt). After each step the frozen layers' weights are put
 * back: the optimizer, its weight decay included, may move them, and this undoes it, while
 * gradients still flow through them to the tuned layers below. The network's configuration is left
 * alone, so the kept model is the base's network with other weights.
 */
public final class FrozenLayers extends BaseTrainingListener {

  private final Map<Integer, INDArray> frozen;

  private FrozenLayers(Map<Integer, INDArray> frozen) {
    this.frozen = frozen;
  }

  /**
   * Freezes every layer of {@code network} with weights whose name is not in {@code tunedLayers},
   * at its weights now.
   *
   * @throws IllegalArgumentException if a tuned layer is not a layer of the network with weights
   */
  public static FrozenLayers allBut(MultiLayerNetwork network, List<String> tunedLayers) {
    requireLayers(network, tunedLayers);
    Map<Integer, INDArray> frozen = new LinkedHashMap<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      Layer layer = network.getLayer(i);
      if (layer.numParams() > 0 && !tunedLayers.contains(name(layer))) {
        frozen.put(i, layer.params().dup());
      }
    }
    return new FrozenLayers(frozen);
  }

  /**
   * Throws unless each of {@code layers} names a layer of {@code network} that has weights; the
   * message lists those that do.
   */
  public static void requireLayers(MultiLayerNetwork network, List<String> layers) {
    List<String> withWeights = new ArrayList<>();
    for (Layer layer : network.getLayers()) {
      if (layer.numParams() > 0) {
        withWeights.add(name(layer));
      }
    }
    for (String layer : layers) {
      if (!withWeights.contains(layer)) {
        throw new IllegalArgumentException(
            "--tuned-layers: the network has no layer '"
                + layer
                + "' with weights; its layers with weights are "
                + String.join(", ", withWeights));
      }
    }
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    MultiLayerNetwork network = (MultiLayerNetwork) model;
    frozen.forEach((index, weights) -> network.getLayer(index).params().assign(weights));
  }

  private static String name(Layer layer) {
    return layer.conf().getLayer().getLayerName();
  }
}
