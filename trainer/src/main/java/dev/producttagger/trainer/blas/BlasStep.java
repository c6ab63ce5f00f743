package dev.producttagger.trainer.blas;

import dev.producttagger.trainer.eval.CorrectPredictions;
import dev.producttagger.trainer.step.DropoutMasks;
import dev.producttagger.trainer.step.MinibatchStep;
import dev.producttagger.trainer.step.NetworkUpdate;
import dev.producttagger.trainer.step.ReplicaThreads;
import dev.producttagger.trainer.step.StepOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of a DL4J network with its forward and backward pass computed by {@link
 * BlasNetwork} (OpenBLAS matrix products and plain Java, channels last) and the step taken by the
 * network's own updater ({@link NetworkUpdate}), so validation, checkpoints, resuming and export
 * see a DL4J network as before.
 *
 * <p>Why: ND4J 1.0.0-M2.1 trains the paper's CNN at about two thirds of PyTorch's speed on the same
 * cores, with most of a step in oneDNN's kernels as libnd4j calls them, reorders between layouts
 * included (docs/benchmarks/2026-12-speed-log.md). Here each layer is one or three matrix products
 * on buffers laid out once, and nothing else runs natively.
 *
 * <p>With replicas, each minibatch is split into equal parts computed at once, each by a {@link
 * BlasNetwork} of its own on a thread of its own; the loss is summed over images, so the parts'
 * gradients add up to the whole minibatch's. InvertedDropout masks are drawn from ND4J's generator
 * on the calling thread, part after part, layer after layer, channels last, as the SameDiff engine
 * draws them. A minibatch that does not split evenly goes through the first replica alone.
 */
public final class BlasStep implements MinibatchStep {

  private final MultiLayerNetwork network;
  private final List<BlasNetwork> replicas;
  private final List<float[]> gradients;
  private final ReplicaThreads threads;

  private BlasStep(MultiLayerNetwork network, List<BlasNetwork> replicas) {
    this.network = network;
    this.replicas = replicas;
    int parameters = Math.toIntExact(network.numParams());
    this.gradients = replicas.stream().map(replica -> new float[parameters]).toList();
    this.threads = new ReplicaThreads("blas-replica", replicas.size());
  }

  /**
   * A step for {@code network}, which takes {@code TrainingInput}'s images, with {@code replicas}
   * passes sharing each minibatch.
   *
   * @throws IllegalArgumentException when the network has a layer this engine does not train
   *     ({@link BlasNetwork#unsupported} names it)
   */
  public static BlasStep of(MultiLayerNetwork network, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
    }
    if (network.getFlattenedGradients() == null) {
      network.initGradientsView();
    }
    List<BlasNetwork> passes = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      passes.add(BlasNetwork.of(network));
    }
    return new BlasStep(network, List.copyOf(passes));
  }

  /**
   * What keeps a network of {@code configuration} from being trained by this engine, or null when
   * nothing does.
   */
  public static String unsupported(MultiLayerConfiguration configuration) {
    return BlasNetwork.unsupported(configuration);
  }

  @Override
  public StepOutcome fit(DataSet batch, int[] labels) {
    INDArray features = batch.getFeatures();
    int n = (int) features.size(0);
    int parts = n % replicas.size() == 0 ? replicas.size() : 1;
    int partSize = n / parts;
    // One channel: [n, 1, h, w] and [n, h, w, 1] hold the same floats in the same order.
    float[] pixels = floats(features);
    float[] targets = floats(batch.getLabels());
    int pixelsPerImage = pixels.length / n;
    int classes = targets.length / n;
    float[] parameters = network.params().toFloatVector();
    List<Callable<BlasNetwork.Part>> tasks = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      BlasNetwork replica = replicas.get(part);
      for (InvertedDropout dropout : replica.dropouts()) {
        dropout.use(mask(partSize, dropout));
      }
      float[] partPixels =
          Arrays.copyOfRange(
              pixels, part * partSize * pixelsPerImage, (part + 1) * partSize * pixelsPerImage);
      float[] partTargets =
          Arrays.copyOfRange(targets, part * partSize * classes, (part + 1) * partSize * classes);
      float[] gradient = gradients.get(part);
      double share = 1.0 / parts;
      tasks.add(
          () -> replica.gradient(parameters, partPixels, partTargets, partSize, share, gradient));
    }
    List<BlasNetwork.Part> results = threads.run(tasks);
    float[] sum = gradients.get(0);
    double loss = 0;
    int correct = 0;
    for (int part = 0; part < parts; part++) {
      if (part > 0) {
        float[] other = gradients.get(part);
        for (int i = 0; i < sum.length; i++) {
          sum[i] += other[i];
        }
      }
      BlasNetwork.Part result = results.get(part);
      loss += result.loss();
      correct +=
          CorrectPredictions.count(
              Nd4j.create(
                  Arrays.copyOf(result.probabilities(), partSize * classes),
                  new long[] {partSize, classes},
                  'c'),
              labels,
              part * partSize);
    }
    INDArray gradientView = network.getFlattenedGradients();
    gradientView.assign(Nd4j.create(sum, gradientView.shape(), 'c'));
    NetworkUpdate.apply(network, n);
    return new StepOutcome(loss / n, correct);
  }

  /** Stops the replicas' threads. */
  @Override
  public void close() {
    threads.close();
  }

  private static float[] mask(int images, InvertedDropout dropout) {
    var shape = dropout.output();
    return floats(
        DropoutMasks.draw(
            images, new long[] {shape.height(), shape.width(), shape.channels()}, dropout.keep()));
  }

  /** The array's values in row-major order, copied. */
  private static float[] floats(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
