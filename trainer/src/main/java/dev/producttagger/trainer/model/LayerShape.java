package dev.producttagger.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One layer of a network as a reader checks it against the paper: its output shape per image
 * (channels, height, width for convolutional outputs) and its parameter count.
 */
public record LayerShape(
    int index, String name, String type, List<Long> outputShape, long parameters) {

  /** The layers of an initialised network fed {@link TrainingInput#inputType()}. */
  public static List<LayerShape> of(MultiLayerNetwork network) {
    List<InputType> outputs =
        network.getLayerWiseConfigurations().getLayerActivationTypes(TrainingInput.inputType());
    List<LayerShape> shapes = new ArrayList<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(i).conf().getLayer();
      List<Long> shape = Arrays.stream(outputs.get(i).getShape(false)).boxed().toList();
      shapes.add(
          new LayerShape(
              i,
              conf.getLayerName(),
              conf.getClass().getSimpleName(),
              shape,
              network.getLayer(i).numParams()));
    }
    return List.copyOf(shapes);
  }

  /** A fixed-width table of the layers and the total parameter count, for logs. */
  public static String table(List<LayerShape> layers) {
    StringBuilder table =
        new StringBuilder(
            String.format(
                "%-3s %-12s %-20s %-16s %10s%n", "#", "name", "type", "output", "params"));
    long total = 0;
    for (LayerShape layer : layers) {
      String shape = String.join("x", layer.outputShape().stream().map(String::valueOf).toList());
      table.append(
          String.format(
              "%-3d %-12s %-20s %-16s %,10d%n",
              layer.index(), layer.name(), layer.type(), shape, layer.parameters()));
      total += layer.parameters();
    }
    return table.append(String.format("total parameters: %,d", total)).toString();
  }
}
