package dev.producttagger.trainer.samediff;

import dev.producttagger.trainer.samediff.NetworkGraph.DropoutMask;
import dev.producttagger.trainer.samediff.NetworkGraph.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of a DL4J network, with its forward and backward pass computed by a SameDiff
 * graph of the same layers ({@link NetworkGraph}) and the step itself taken by the network's own
 * updater. SameDiff runs the libnd4j operations in one layout end to end, channels last by default,
 * without DL4J's per-layer Java or its permutes between layouts, and trains the paper's CNN faster
 * (docs/benchmarks.md, Training). The network stays the model of record: its parameters, updater
 * state (Adam's moments), learning rate, weight decay and iteration count move exactly as {@code
 * fit} would move them, so validation, checkpoints, resuming and export see a DL4J network as
 * before. Dropout masks come from ND4J's random generator, as DL4J's do.
 */
public final class SameDiffStep {

  /** A step's mean training loss (without regularisation) and its correct predictions. */
  public record Outcome(double loss, int correct) {}

  private static final List<String> OUTPUTS =
      List.of(NetworkGraph.LOSS, NetworkGraph.PROBABILITIES);

  private final MultiLayerNetwork network;
  private final NetworkGraph graph;
  private final List<String> parameterNames;

  private SameDiffStep(MultiLayerNetwork network, NetworkGraph graph) {
    this.network = network;
    this.graph = graph;
    this.parameterNames = graph.parameters.stream().map(Parameter::name).toList();
  }

  /**
   * What keeps a network of {@code configuration} from being trained by this step (a layer the
   * graph does not have), or null when nothing does.
   */
  public static String unsupported(MultiLayerConfiguration configuration) {
    return NetworkGraph.unsupported(configuration);
  }

  /**
   * A step for {@code network}, which takes {@code TrainingInput}'s images, computing in the
   * channels-last layout.
   *
   * @throws IllegalArgumentException when {@link #unsupported} names a reason
   */
  public static SameDiffStep of(MultiLayerNetwork network) {
    return of(network, true);
  }

  /** As {@link #of(MultiLayerNetwork)}, computing channels last or channels first. */
  public static SameDiffStep of(MultiLayerNetwork network, boolean channelsLast) {
    return new SameDiffStep(network, NetworkGraph.of(network, channelsLast));
  }

  /**
   * Trains the network on one minibatch of [n, 1, 28, 28] images and their targets (one-hot,
   * smoothed or distilled); {@code labels} are the classes, for counting correct predictions.
   */
  public Outcome fit(DataSet batch, int[] labels) {
    INDArray features = batch.getFeatures();
    int n = (int) features.size(0);
    for (Parameter parameter : graph.parameters) {
      graph
          .graph
          .getArrForVarName(parameter.name())
          .assign(parameter.layout().of(parameter.networkValue()));
    }
    Map<String, INDArray> placeholders = new HashMap<>();
    // One channel: [n, 1, h, w] and [n, h, w, 1] hold the same floats in the same order.
    placeholders.put(
        NetworkGraph.INPUT,
        graph.channelsLast
            ? features.reshape(n, features.size(2), features.size(3), features.size(1))
            : features);
    placeholders.put(NetworkGraph.TARGETS, batch.getLabels());
    for (DropoutMask mask : graph.masks) {
      placeholders.put(mask.name(), mask(n, mask));
    }
    OutAndGrad result =
        graph.graph.calculateGradientsAndOutputs(placeholders, OUTPUTS, parameterNames);
    for (Parameter parameter : graph.parameters) {
      parameter
          .layout()
          .of(parameter.networkGradient())
          .assign(result.getGradients().get(parameter.name()));
    }
    step(n);
    return new Outcome(
        result.getOutputs().get(NetworkGraph.LOSS).getDouble(0) / n,
        correct(result.getOutputs().get(NetworkGraph.PROBABILITIES), labels));
  }

  /**
   * What {@code fit} does once the gradient is in the network's gradient view: the updater divides
   * it by the minibatch size, applies Adam (or another optimizer), the learning rate and weight
   * decay, and the result is subtracted from the parameters.
   */
  private void step(int batchSize) {
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

  /** Inverted dropout: each activation kept with the mask's probability and scaled up by 1/it. */
  private static INDArray mask(int n, DropoutMask mask) {
    long[] shape = new long[mask.shape().length + 1];
    shape[0] = n;
    System.arraycopy(mask.shape(), 0, shape, 1, mask.shape().length);
    INDArray kept = Nd4j.createUninitialized(DataType.FLOAT, shape);
    Nd4j.getExecutioner().exec(new BernoulliDistribution(kept, mask.keep()), Nd4j.getRandom());
    return kept.divi(mask.keep());
  }

  private static int correct(INDArray probabilities, int[] labels) {
    int[] predicted = probabilities.argMax(1).toIntVector();
    int hits = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == labels[i]) {
        hits++;
      }
    }
    return hits;
  }
}
