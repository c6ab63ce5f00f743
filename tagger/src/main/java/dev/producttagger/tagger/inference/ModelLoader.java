package dev.producttagger.tagger.inference;

import dev.producttagger.bundlenetworks.BundleNetworks;
import dev.producttagger.bundlenetworks.UnbuildableNetworkException;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.tagger.preprocessing.ModelInput;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a model bundle back into a network and proves it fit to serve before anyone uses it.
 *
 * <p>{@link BundleNetworks} builds the network without trusting the bundle (no Java
 * deserialization, only DL4J's and ND4J's classes); this class adds what serving needs: the
 * categories and input shape the tagger expects, its fastest layout, and a probe inference.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private static final List<Integer> EXPECTED_INPUT_SHAPE =
      List.of(1, ModelInput.SIDE, ModelInput.SIDE);

  private final List<String> expectedClassNames;
  private final boolean channelsLastAllowed;

  /**
   * @param expectedClassNames the categories, in index order, every served model must predict
   */
  public ModelLoader(List<String> expectedClassNames) {
    this(expectedClassNames, true);
  }

  private ModelLoader(List<String> expectedClassNames, boolean channelsLastAllowed) {
    this.expectedClassNames = List.copyOf(expectedClassNames);
    this.channelsLastAllowed = channelsLastAllowed;
  }

  /**
   * A loader that serves every network as its bundle stores it, channels first: the slower layout,
   * for benchmarks that measure what {@link ChannelsLast} buys.
   */
  public ModelLoader channelsFirstOnly() {
    return new ModelLoader(expectedClassNames, false);
  }

  public ServingModel load(ModelBundle bundle) throws ModelRejectedException {
    BundleManifest manifest = bundle.manifest();
    if (!manifest.classNames().equals(expectedClassNames)) {
      throw new ModelRejectedException(
          "WRONG_CLASSES",
          "bundle predicts " + manifest.classNames() + ", expected " + expectedClassNames);
    }
    if (!manifest.input().shape().equals(EXPECTED_INPUT_SHAPE)) {
      throw new ModelRejectedException(
          "WRONG_INPUT_SHAPE",
          "bundle expects input "
              + manifest.input().shape()
              + ", expected "
              + EXPECTED_INPUT_SHAPE);
    }
    MultiLayerNetwork network;
    try {
      network = BundleNetworks.build(bundle);
    } catch (UnbuildableNetworkException e) {
      throw new ModelRejectedException(e.reason().name(), e.getMessage(), e);
    }
    ServingModel model = fastest(network, manifest);
    probe(model);
    return model;
  }

  /** The network's channels-last twin when there is one that answers as it does; else itself. */
  private ServingModel fastest(MultiLayerNetwork network, BundleManifest manifest) {
    Optional<MultiLayerNetwork> twin =
        channelsLastAllowed ? ChannelsLast.of(network) : Optional.empty();
    if (twin.isEmpty()) {
      return ServingModel.channelsFirst(network, manifest);
    }
    if (!ChannelsLast.agree(network, twin.get(), ModelInput.SIDE)) {
      LOG.warn(
          "{} v{}: its channels-last twin answers differently; serving it channels first, slower",
          manifest.name(),
          manifest.version());
      return ServingModel.channelsFirst(network, manifest);
    }
    return ServingModel.channelsLast(twin.get(), manifest);
  }

  /**
   * One small batch through the network: the output must be finite probabilities of the right
   * shape.
   */
  private static void probe(ServingModel model) throws ModelRejectedException {
    List<ModelInput> probe =
        List.of(new ModelInput(new byte[ModelInput.PIXELS]), new ModelInput(filled((byte) 0x80)));
    float[] out;
    try {
      out = model.probabilities(probe);
    } catch (RuntimeException e) {
      throw new ModelRejectedException(
          "PROBE_FAILED", "probe inference threw: " + e.getMessage(), e);
    }
    int classes = model.classCount();
    if (out.length != probe.size() * classes) {
      throw new ModelRejectedException(
          "PROBE_FAILED",
          "probe output has " + out.length + " values, expected " + probe.size() + "x" + classes);
    }
    for (int row = 0; row < probe.size(); row++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        float p = out[row * classes + c];
        if (!Float.isFinite(p) || p < 0 || p > 1) {
          throw new ModelRejectedException(
              "PROBE_FAILED", "probe output is not a probability: " + p);
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new ModelRejectedException(
            "PROBE_FAILED", "probe probabilities sum to " + sum + ", not 1");
      }
    }
  }

  private static byte[] filled(byte value) {
    byte[] pixels = new byte[ModelInput.PIXELS];
    java.util.Arrays.fill(pixels, value);
    return pixels;
  }
}
