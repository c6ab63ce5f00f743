package dev.producttagger.trainer.step;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Networks, minibatches and comparisons for tests of the engines' steps against DL4J's fit. */
public final class StepFixtures {

  /** The labels of every {@link #batch}: each class, and two more. */
  public static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 6};

  private StepFixtures() {}

  /** A network of {@code architecture} with seed 5. */
  public static MultiLayerNetwork network(
      Architecture architecture,
      Optimizer optimizer,
      double learningRate,
      double dropout,
      double weightDecay) {
    return architecture.newNetwork(5, optimizer, learningRate, dropout, weightDecay);
  }

  /** A convolution, {@code layer} and a softmax output. */
  public static MultiLayerNetwork small(Layer layer) {
    return of(
        new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(4).activation(Activation.IDENTITY),
        layer);
  }

  /** {@code layers} then a softmax output trained with cross-entropy, initialised. */
  public static MultiLayerNetwork of(Layer.Builder<?> first, Layer... layers) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder().seed(3).list().layer(first.build());
    for (Layer layer : layers) {
      list.layer(layer);
    }
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            list.layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .name("output")
                        .nOut(LabelledImages.CLASS_COUNT)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(TrainingInput.inputType())
                .build());
    network.init();
    return network;
  }

  /** Step {@code step}'s minibatch: seeded random images of {@link #LABELS}. */
  public static DataSet batch(int step) {
    Nd4j.getRandom().setSeed(11 + step);
    return new DataSet(Nd4j.rand(DataType.FLOAT, LABELS.length, 1, 28, 28), oneHot(LABELS));
  }

  public static INDArray oneHot(int[] labels) {
    return Nd4j.eye(LabelledImages.CLASS_COUNT).getRows(labels).castTo(DataType.FLOAT);
  }

  /**
   * Asserts {@code actual} is within {@code share} of how far {@code expected} moved from {@code
   * start}.
   */
  public static void assertClose(INDArray start, INDArray expected, INDArray actual, double share) {
    double moved = moved(start, expected);
    double difference = maxDifference(expected, actual);
    assertTrue(difference <= share * moved, "max difference " + difference + ", moved " + moved);
  }

  /**
   * Asserts each parameter of {@code actual} is within 1% of how far {@code byFit} moved it from
   * {@code start} (plus 1e-6, as biases before a batch normalisation get no gradient but rounding),
   * and that every batch normalisation parameter moved.
   */
  public static void assertEachParameterClose(
      MultiLayerNetwork start, MultiLayerNetwork byFit, MultiLayerNetwork actual) {
    List<Executable> checks = new ArrayList<>();
    for (int layer = 0; layer < byFit.getnLayers(); layer++) {
      String layerName = byFit.getLayer(layer).conf().getLayer().getLayerName();
      for (Map.Entry<String, INDArray> expected : byFit.getLayer(layer).paramTable().entrySet()) {
        String name = layerName + "_" + expected.getKey();
        INDArray before = start.getLayer(layer).getParam(expected.getKey());
        INDArray after = actual.getLayer(layer).getParam(expected.getKey());
        double moved = moved(before, expected.getValue());
        double difference = maxDifference(expected.getValue(), after);
        checks.add(
            () ->
                assertTrue(
                    difference <= 0.01 * moved + 1e-6,
                    name + ": max difference " + difference + ", moved " + moved));
        if (layerName.startsWith("norm")) {
          checks.add(() -> assertTrue(moved > 1e-3, name + " moved " + moved));
        }
      }
    }
    assertAll(checks);
  }

  /**
   * Asserts that {@code replicas} replicas of an engine's step ({@code step} makes it for a network
   * and a replica count) take the steps one does over three minibatches of the paper's baseline:
   * the parts' gradients add up to the whole minibatch's; a minibatch that does not split evenly
   * goes through one replica.
   */
  public static void assertReplicasStepAsOne(
      int replicas, BiFunction<MultiLayerNetwork, Integer, MinibatchStep> step) {
    MultiLayerNetwork alone = network(Architecture.PAPER_BASELINE, Optimizer.NESTEROV, 0.05, 0, 0);
    MultiLayerNetwork shared = alone.clone();
    try (MinibatchStep one = step.apply(alone, 1);
        MinibatchStep split = step.apply(shared, replicas)) {
      for (int i = 0; i < 3; i++) {
        StepOutcome whole = one.fit(batch(i), LABELS);
        StepOutcome parts = split.fit(batch(i), LABELS);
        int index = i;
        assertAll(
            () -> assertEquals(whole.loss(), parts.loss(), 1e-5),
            () -> assertEquals(whole.correct(), parts.correct()),
            () ->
                assertTrue(
                    alone.params().equalsWithEps(shared.params(), 1e-5),
                    "step "
                        + index
                        + ": max difference "
                        + maxDifference(alone.params(), shared.params())));
      }
    }
  }

  /**
   * Asserts that an engine's step ({@code step} makes it for a network) moves the weights as DL4J's
   * {@code fit} does on average over three Adam steps: Adam's first steps are about the sign of
   * each gradient, so the few weights whose gradients are near zero may step differently.
   */
  public static void assertAdamStepsAsFitOnAverage(
      Function<MultiLayerNetwork, MinibatchStep> step) {
    MultiLayerNetwork byFit = network(Architecture.PAPER_BASELINE, Optimizer.ADAM, 1e-3, 0, 0.05);
    MultiLayerNetwork byEngine = byFit.clone();
    INDArray start = byFit.params().dup();
    try (MinibatchStep engine = step.apply(byEngine)) {
      for (int i = 0; i < 3; i++) {
        byFit.fit(batch(i));
        engine.fit(batch(i), LABELS);
      }
    }
    double meanMove = Transforms.abs(byFit.params().sub(start)).meanNumber().doubleValue();
    double meanDifference =
        Transforms.abs(byFit.params().sub(byEngine.params())).meanNumber().doubleValue();
    assertTrue(
        meanDifference < 0.02 * meanMove, "mean difference " + meanDifference + " of " + meanMove);
  }

  /** How far the farthest value moved from {@code start} to {@code end}. */
  public static double moved(INDArray start, INDArray end) {
    return maxDifference(start, end);
  }

  public static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).normmaxNumber().doubleValue();
  }
}
