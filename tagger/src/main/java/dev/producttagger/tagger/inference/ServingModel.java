package dev.producttagger.tagger.inference;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.tagger.preprocessing.ModelInput;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A validated network ready to classify batches, with the manifest it came from. Immutable once
 * built; a new model version is a new instance, swapped in whole between batches.
 */
public final class ServingModel {

  /** How many best classes each prediction carries. */
  public static final int TOP_K = 3;

  private final MultiLayerNetwork network;
  private final boolean channelsLast;
  private final BundleManifest manifest;
  private final ModelRef ref;

  private ServingModel(MultiLayerNetwork network, boolean channelsLast, BundleManifest manifest) {
    this.network = network;
    this.channelsLast = channelsLast;
    this.manifest = manifest;
    this.ref = new ModelRef(manifest.name(), manifest.version(), manifest.weightsSha256());
  }

  /** A network that takes [n, 1, 28, 28] images, as bundles store it. */
  static ServingModel channelsFirst(MultiLayerNetwork network, BundleManifest manifest) {
    return new ServingModel(network, false, manifest);
  }

  /**
   * A network that takes [n, 28, 28, 1] images: a bundle's network {@link ChannelsLast converted}.
   */
  static ServingModel channelsLast(MultiLayerNetwork network, BundleManifest manifest) {
    return new ServingModel(network, true, manifest);
  }

  /**
   * Whether this model runs on channels-last images (the faster layout; see {@link ChannelsLast}).
   */
  public boolean isChannelsLast() {
    return channelsLast;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** The name, version and weights checksum every output names. */
  public ModelRef ref() {
    return ref;
  }

  public int classCount() {
    return manifest.classNames().size();
  }

  /**
   * Classifies a batch in one forward pass, or two when the bundle is {@linkplain
   * dev.producttagger.schemas.bundle.InputSpec#mirrorAveraged mirror averaged}. The batch becomes
   * one tensor of n 28x28 one-channel images with pixels scaled to [0,1], as in training.
   */
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
   * Row-major [n, classes] probabilities. Synchronised: a DL4J network is not safe for concurrent
   * use.
   */
  synchronized float[] probabilities(List<ModelInput> batch) {
    int n = batch.size();
    float[] pixels = new float[n * ModelInput.PIXELS];
    int at = 0;
    for (ModelInput input : batch) {
      byte[] raw = input.pixels();
      for (byte b : raw) {
        pixels[at++] = (b & 0xFF) / 255f;
      }
    }
    INDArray output = network.output(tensor(pixels, n), false);
    if (manifest.input().mirrorAveraged()) {
      INDArray mirrored = network.output(tensor(manifest.input().mirrored(pixels), n), false);
      output = output.addi(mirrored).divi(2);
    }
    return output.castTo(DataType.FLOAT).data().asFloat();
  }

  /**
   * One channel, so both layouts hold the same floats in the same order; only the shape differs.
   */
  private INDArray tensor(float[] pixels, int n) {
    long[] shape =
        channelsLast
            ? new long[] {n, ModelInput.SIDE, ModelInput.SIDE, 1}
            : new long[] {n, 1, ModelInput.SIDE, ModelInput.SIDE};
    return Nd4j.create(pixels, shape, DataType.FLOAT);
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
      top.add(
          new Prediction.ScoredClass(
              best, manifest.classNames().get(best), probabilities[offset + best]));
    }
    return new Prediction(top);
  }
}
