package dev.producttagger.trainer.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
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

  /** Every layer tuned, none frozen. */
  public static final String ALL = "all";

  /** The layers with weights after the last convolution: the classifier on top of the features. */
  public static final String HEAD = "head";

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
   * The names of the layers {@code requested} means in {@code network}: {@link #ALL} (or nothing)
   * is every layer, given as an empty list; {@link #HEAD} the layers with weights after the last
   * convolution; anything else, the layers named.
   *
   * @throws IllegalArgumentException if a named layer is not a layer of the network with weights, a
   *     keyword is mixed with names, or the network has no convolution to find the head after
   */
  public static List<String> resolve(MultiLayerNetwork network, List<String> requested) {
    if (requested.isEmpty() || requested.equals(List.of(ALL))) {
      return List.of();
    }
    if (requested.equals(List.of(HEAD))) {
      return head(network);
    }
    if (requested.contains(ALL) || requested.contains(HEAD)) {
      throw new IllegalArgumentException(
          "--tuned-layers takes '" + ALL + "', '" + HEAD + "' or layer names, not " + requested);
    }
    requireLayers(network, requested);
    return List.copyOf(requested);
  }

  private static List<String> head(MultiLayerNetwork network) {
    int lastConvolution = -1;
    for (int i = 0; i < network.getnLayers(); i++) {
      if (network.getLayer(i).conf().getLayer() instanceof ConvolutionLayer) {
        lastConvolution = i;
      }
    }
    if (lastConvolution < 0) {
      throw new IllegalArgumentException(
          "--tuned-layers "
              + HEAD
              + ": the network has no convolution layer to find its head after");
    }
    List<String> head = new ArrayList<>();
    for (int i = lastConvolution + 1; i < network.getnLayers(); i++) {
      if (network.getLayer(i).numParams() > 0) {
        head.add(name(network.getLayer(i)));
      }
    }
    return List.copyOf(head);
  }

  private static void requireLayers(MultiLayerNetwork network, List<String> layers) {
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
