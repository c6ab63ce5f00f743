package dev.producttagger.trainer.samediff;

import dev.producttagger.trainer.eval.CorrectPredictions;
import dev.producttagger.trainer.samediff.NetworkGraph.DropoutMask;
import dev.producttagger.trainer.samediff.NetworkGraph.Normalisation;
import dev.producttagger.trainer.samediff.NetworkGraph.Parameter;
import dev.producttagger.trainer.step.DropoutMasks;
import dev.producttagger.trainer.step.MinibatchStep;
import dev.producttagger.trainer.step.NetworkUpdate;
import dev.producttagger.trainer.step.ReplicaThreads;
import dev.producttagger.trainer.step.StepOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training step of a DL4J network, with its forward and backward pass computed by a SameDiff
 * graph of the same layers ({@link NetworkGraph}) and the step itself taken by the network's own
 * updater. SameDiff runs the libnd4j operations in one layout end to end, channels last by default,
 * without DL4J's per-layer Java or its permutes between layouts, and trains the paper's CNN faster
 * (docs/benchmarks.md, Training). The network stays the model of record: its parameters, updater
 * state (Adam's moments), learning rate, weight decay and iteration count move exactly as {@code
 * fit} would move them, so validation, checkpoints, resuming and export see a DL4J network as
 * before. Dropout masks come from ND4J's random generator, as DL4J's do.
 *
 * <p>With replicas, each minibatch is split into equal parts computed at once by as many copies of
 * the graph, each on a thread of its own; the loss is summed over images, so the parts' gradients
 * add up to the whole minibatch's. The masks are drawn on the calling thread, part after part, so a
 * run does not depend on which thread finishes first. A minibatch that does not split evenly goes
 * through the first graph alone. As with DL4J's replicas, batch normalisation normalises each part
 * by its own statistics, and the moving averages take the mean of the parts' updates.
 */
public final class SameDiffStep implements MinibatchStep {

  private final MultiLayerNetwork network;
  private final List<NetworkGraph> graphs;
  private final List<String> parameterNames;
  private final List<String> outputs;
  private final ReplicaThreads replicaThreads;
  private final NativeGarbage garbage = new NativeGarbage();

  private SameDiffStep(MultiLayerNetwork network, List<NetworkGraph> graphs) {
    this.network = network;
    this.graphs = graphs;
    this.parameterNames = graphs.get(0).parameters.stream().map(Parameter::name).toList();
    this.outputs = graphs.get(0).outputs();
    this.replicaThreads = new ReplicaThreads("samediff-replica", graphs.size());
  }

  /**
   * A step for {@code network}, which takes {@code TrainingInput}'s images, computing in the
   * channels-last layout, on one thread.
   *
   * @throws IllegalArgumentException when the network has a layer the graph does not translate
   *     ({@link NetworkGraph#unsupported} names it)
   */
  public static SameDiffStep of(MultiLayerNetwork network) {
    return of(network, true, 1);
  }

  /**
   * As {@link #of(MultiLayerNetwork)}, computing channels last or channels first, with {@code
   * replicas} graphs sharing each minibatch.
   */
  public static SameDiffStep of(MultiLayerNetwork network, boolean channelsLast, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
    }
    List<NetworkGraph> graphs = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      graphs.add(NetworkGraph.of(network, channelsLast));
    }
    return new SameDiffStep(network, List.copyOf(graphs));
  }

  @Override
  public StepOutcome fit(DataSet batch, int[] labels) {
    INDArray features = batch.getFeatures();
    int n = (int) features.size(0);
    int parts = n % graphs.size() == 0 ? graphs.size() : 1;
    int partSize = n / parts;
    List<Map<String, INDArray>> inputs = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      INDArrayIndex rows = NDArrayIndex.interval(part * partSize, (part + 1) * partSize);
      inputs.add(
          placeholders(
              graphs.get(part),
              parts == 1 ? features : features.get(rows),
              parts == 1 ? batch.getLabels() : batch.getLabels().get(rows)));
    }
    List<Callable<OutAndGrad>> tasks = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      NetworkGraph graph = graphs.get(part);
      Map<String, INDArray> input = inputs.get(part);
      tasks.add(() -> gradients(graph, input));
    }
    List<OutAndGrad> results = replicaThreads.run(tasks);
    double loss = 0;
    int correct = 0;
    for (int part = 0; part < parts; part++) {
      OutAndGrad result = results.get(part);
      for (Parameter parameter : graphs.get(part).parameters) {
        INDArray gradient = parameter.layout().of(parameter.networkGradient());
        INDArray partGradient = result.getGradients().get(parameter.name());
        if (part == 0) {
          gradient.assign(partGradient);
        } else {
          gradient.addi(partGradient);
        }
      }
      loss += result.getOutputs().get(NetworkGraph.LOSS).getDouble(0);
      correct +=
          CorrectPredictions.count(
              result.getOutputs().get(NetworkGraph.PROBABILITIES), labels, part * partSize);
    }
    moveAverages(results);
    NetworkUpdate.apply(network, n);
    collectWhenGrown();
    return new StepOutcome(loss / n, correct);
  }

  /** Runs the garbage collector when {@link NativeGarbage} says it is due. */
  private void collectWhenGrown() {
    if (garbage.due(Pointer.physicalBytes())) {
      System.gc();
    }
  }

  /** Stops the replicas' threads. */
  @Override
  public void close() {
    replicaThreads.close();
  }

  /**
   * The images, targets and freshly drawn dropout masks of one part, as {@code graph} takes them.
   */
  private static Map<String, INDArray> placeholders(
      NetworkGraph graph, INDArray features, INDArray targets) {
    int n = (int) features.size(0);
    Map<String, INDArray> placeholders = new HashMap<>();
    // One channel: [n, 1, h, w] and [n, h, w, 1] hold the same floats in the same order.
    placeholders.put(
        NetworkGraph.INPUT,
        graph.channelsLast
            ? features.reshape(n, features.size(2), features.size(3), features.size(1))
            : features);
    placeholders.put(NetworkGraph.TARGETS, targets);
    for (DropoutMask mask : graph.masks) {
      placeholders.put(mask.name(), DropoutMasks.draw(n, mask.shape(), mask.keep()));
    }
    return placeholders;
  }

  /** The loss, probabilities and gradients of {@code graph} at the network's current weights. */
  private OutAndGrad gradients(NetworkGraph graph, Map<String, INDArray> placeholders) {
    for (Parameter parameter : graph.parameters) {
      graph
          .graph
          .getArrForVarName(parameter.name())
          .assign(parameter.layout().of(parameter.networkValue()));
    }
    return graph.graph.calculateGradientsAndOutputs(placeholders, outputs, parameterNames);
  }

  /**
   * Writes each batch normalisation's moving-average updates where DL4J's layer writes them, in the
   * gradient: the updater passes them through untouched (no optimizer, not divided by the
   * minibatch) and the step subtracts them. The new mean is decay x the old one plus (1 - decay) x
   * the minibatch's, and the same for the variance, kept as log10 of the standard deviation.
   */
  private void moveAverages(List<OutAndGrad> results) {
    for (Normalisation normalisation : graphs.get(0).normalisations) {
      double decay = normalisation.decay();
      INDArray mean = normalisation.mean();
      // 10^(2 log10 std)
      INDArray variance = Transforms.exp(normalisation.log10Std().mul(2 * Math.log(10)), false);
      INDArray meanUpdate = normalisation.meanUpdate().assign(0);
      INDArray log10StdUpdate = normalisation.log10StdUpdate().assign(0);
      double share = 1.0 / results.size();
      for (OutAndGrad result : results) {
        INDArray batchMean = result.getOutputs().get(normalisation.batchMean());
        INDArray batchVariance = result.getOutputs().get(normalisation.batchVariance());
        meanUpdate.addi(mean.sub(batchMean.reshape(mean.shape())).muli((1 - decay) * share));
        INDArray newVariance =
            variance.mul(decay).addi(batchVariance.reshape(mean.shape()).mul(1 - decay));
        // log10 of the old standard deviation over the new one.
        log10StdUpdate.addi(Transforms.log(variance.div(newVariance), 10, false).muli(0.5 * share));
      }
    }
  }
}
