package dev.producttagger.runtime;

import dev.producttagger.runtime.blas.BlasForwardPass;
import dev.producttagger.schemas.bundle.InputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network ready to classify batches of {@link ModelInput}s the way its {@link InputSpec} says:
 * pixels encoded as the spec states, one tensor per batch in the network's layout, one forward pass
 * or two when the spec asks for mirror averaging, then top-k. Batches of up to {@value
 * #SMALL_BATCH_LIMIT} run on a {@link BlasForwardPass} of the network when it has one that agrees
 * with it, since at batch 1 DL4J's fixed cost per call is most of the forward pass. The trainer
 * measures a model with the same instance type the tagger serves it with. Built only by {@link
 * ModelLoader}, which proves it first.
 */
public final class Predictor {

  /** How many best classes each prediction carries. */
  public static final int TOP_K = 3;

  /**
   * The largest batch run by the {@link BlasForwardPass} when there is one; larger batches go
   * through DL4J, whose oneDNN kernels are faster once their per-call set-up is shared by enough
   * images ({@code benchmarks inference} measures where the two cross).
   */
  public static final int SMALL_BATCH_LIMIT = 8;

  private final NetworkCopies networks;
  private final Optional<BlasForwardPass> smallBatches;
  private final boolean channelsLast;
  private final InputSpec input;
  private final InputEncoding encoding;
  private final List<String> classNames;

  Predictor(
      MultiLayerNetwork network,
      boolean channelsLast,
      Optional<BlasForwardPass> smallBatches,
      InputSpec input,
      InputEncoding encoding,
      List<String> classNames) {
    this.networks = new NetworkCopies(network);
    this.smallBatches = smallBatches;
    this.channelsLast = channelsLast;
    this.input = input;
    this.encoding = encoding;
    this.classNames = List.copyOf(classNames);
  }

  /** Whether the network runs on channels-last images (the faster layout; see ChannelsLast). */
  public boolean isChannelsLast() {
    return channelsLast;
  }

  /** Whether batches of up to {@value #SMALL_BATCH_LIMIT} run on a {@link BlasForwardPass}. */
  public boolean hasSmallBatchPass() {
    return smallBatches.isPresent();
  }

  /** The input this predictor honours, mirror averaging included. */
  public InputSpec input() {
    return input;
  }

  public List<String> classNames() {
    return classNames;
  }

  public int classCount() {
    return classNames.size();
  }

  /** The top {@value #TOP_K} classes of every input, in the batch's order. */
  public List<Prediction> predict(List<ModelInput> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    float[] probabilities = probabilities(batch);
    int classes = classCount();
    List<Prediction> predictions = new ArrayList<>(batch.size());
    for (int row = 0; row < batch.size(); row++) {
      predictions.add(topK(probabilities, row * classes, classes));
    }
    return predictions;
  }

  /**
   * Row-major [n, classes] probabilities of a non-empty batch. Safe to call from many threads at
   * once: each concurrent call runs on its own copy of the network ({@link NetworkCopies}).
   */
  public float[] probabilities(List<ModelInput> batch) {
    int n = batch.size();
    float[] values = new float[n * ModelInput.PIXELS];
    for (int i = 0; i < n; i++) {
      encoding.write(batch.get(i), values, i * ModelInput.PIXELS);
    }
    if (smallBatches.isPresent() && n <= SMALL_BATCH_LIMIT) {
      return smallBatchProbabilities(smallBatches.get(), values, n);
    }
    MultiLayerNetwork network = networks.acquire();
    try {
      INDArray output = network.output(tensor(values, n), false);
      if (input.mirrorAveraged()) {
        INDArray mirrored = network.output(tensor(input.mirrored(values), n), false);
        output = output.addi(mirrored).divi(2);
      }
      return output.castTo(DataType.FLOAT).data().asFloat();
    } finally {
      networks.release(network);
    }
  }

  private float[] smallBatchProbabilities(BlasForwardPass pass, float[] values, int n) {
    float[] output = pass.probabilities(values, n);
    if (input.mirrorAveraged()) {
      float[] mirrored = pass.probabilities(input.mirrored(values), n);
      for (int i = 0; i < output.length; i++) {
        output[i] = (output[i] + mirrored[i]) / 2;
      }
    }
    return output;
  }

  /**
   * One channel, so both layouts hold the same floats in the same order; only the shape differs.
   * The floats are copied into the tensor's native memory in one bulk put: {@code
   * Nd4j.create(float[], ...)} copies them one {@code put} call at a time, which cost as much as
   * the forward pass's Java side in the tagger's profile (docs/benchmarks/2026-12-speed-log.md).
   */
  private INDArray tensor(float[] values, int n) {
    long[] shape =
        channelsLast
            ? new long[] {n, ModelInput.SIDE, ModelInput.SIDE, 1}
            : new long[] {n, 1, ModelInput.SIDE, ModelInput.SIDE};
    INDArray tensor = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    tensor.data().asNioFloat().put(values);
    return tensor;
  }

  private Prediction topK(float[] probabilities, int offset, int classes) {
    List<Prediction.ScoredClass> top = new ArrayList<>(TOP_K);
    boolean[] taken = new boolean[classes];
    for (int k = 0; k < Math.min(TOP_K, classes); k++) {
      int best = -1;
      for (int c = 0; c < classes; c++) {
        // Ties go to the lower index so replays give the same category.
        if (!taken[c] && (best < 0 || probabilities[offset + c] > probabilities[offset + best])) {
          best = c;
        }
      }
      taken[best] = true;
      top.add(new Prediction.ScoredClass(best, classNames.get(best), probabilities[offset + best]));
    }
    return new Prediction(top);
  }
}
