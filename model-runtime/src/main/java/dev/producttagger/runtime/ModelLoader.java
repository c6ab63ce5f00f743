package dev.producttagger.runtime;

import dev.producttagger.runtime.blas.BlasForwardPass;
import dev.producttagger.runtime.network.BundleNetworks;
import dev.producttagger.runtime.network.ChannelsLast;
import dev.producttagger.runtime.network.UnbuildableNetworkException;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.ModelBundle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a model bundle, or a freshly trained network, into a {@link Predictor} and proves it fit
 * before anyone uses it: the one path from weights to predictions, for the tagger's serving and the
 * trainer's evaluation alike.
 *
 * <p>{@link BundleNetworks} builds a bundle's network without trusting the bundle (no Java
 * deserialization, only DL4J's and ND4J's classes); this class adds the categories and input the
 * caller expects, the input encoding the spec states, the fastest layout, and a probe inference.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private final List<String> expectedClassNames;
  private final boolean channelsLastAllowed;
  private final boolean smallBatchPassAllowed;

  /**
   * @param expectedClassNames the categories, in index order, every model must predict
   */
  public ModelLoader(List<String> expectedClassNames) {
    this(expectedClassNames, true, true);
  }

  private ModelLoader(
      List<String> expectedClassNames, boolean channelsLastAllowed, boolean smallBatchPassAllowed) {
    this.expectedClassNames = List.copyOf(expectedClassNames);
    this.channelsLastAllowed = channelsLastAllowed;
    this.smallBatchPassAllowed = smallBatchPassAllowed;
  }

  /**
   * A loader that runs every network as its bundle stores it, channels first, on DL4J alone: the
   * slower layout, for benchmarks that measure what {@link ChannelsLast} buys.
   */
  public ModelLoader channelsFirstOnly() {
    return new ModelLoader(expectedClassNames, false, false);
  }

  /**
   * A loader that runs every batch through DL4J, small ones included: for benchmarks that measure
   * what the {@link BlasForwardPass} buys.
   */
  public ModelLoader withoutSmallBatchPass() {
    return new ModelLoader(expectedClassNames, channelsLastAllowed, false);
  }

  /** The bundle's model, proven fit to serve. */
  public ServingModel load(ModelBundle bundle) throws ModelRejectedException {
    BundleManifest manifest = bundle.manifest();
    if (!manifest.classNames().equals(expectedClassNames)) {
      throw new ModelRejectedException(
          "WRONG_CLASSES",
          "bundle predicts " + manifest.classNames() + ", expected " + expectedClassNames);
    }
    InputEncoding encoding = InputEncoding.of(manifest.input());
    MultiLayerNetwork network;
    try {
      network = BundleNetworks.build(bundle);
    } catch (UnbuildableNetworkException e) {
      throw new ModelRejectedException(e.reason().name(), e.getMessage(), e);
    }
    String name = manifest.name() + " v" + manifest.version();
    return new ServingModel(prove(network, manifest.input(), encoding, name), manifest);
  }

  /**
   * A predictor for a channels-first network of the expected classes (one the trainer has just
   * trained or loaded from a run), predicting as {@code input} says: exactly how {@link #load}
   * serves the network once it is exported with that input spec. Leaves {@code network} untouched.
   */
  public Predictor predictor(MultiLayerNetwork network, InputSpec input)
      throws ModelRejectedException {
    return prove(network, input, InputEncoding.of(input), "the network");
  }

  private Predictor prove(
      MultiLayerNetwork network, InputSpec input, InputEncoding encoding, String name)
      throws ModelRejectedException {
    Predictor predictor = fastest(network, input, encoding, name);
    probe(predictor);
    return predictor;
  }

  /** The network's channels-last twin when there is one that answers as it does; else itself. */
  private Predictor fastest(
      MultiLayerNetwork network, InputSpec input, InputEncoding encoding, String name) {
    Optional<MultiLayerNetwork> twin =
        channelsLastAllowed ? ChannelsLast.of(network) : Optional.empty();
    if (twin.isPresent() && ChannelsLast.agree(network, twin.get(), ModelInput.SIDE)) {
      return new Predictor(
          twin.get(), true, smallBatchPass(twin.get(), name), input, encoding, expectedClassNames);
    }
    if (twin.isPresent()) {
      LOG.warn("{}: its channels-last twin answers differently; running it channels first", name);
    }
    return new Predictor(network, false, Optional.empty(), input, encoding, expectedClassNames);
  }

  /** The BLAS pass of a channels-last network, when it can be built and answers as DL4J does. */
  private Optional<BlasForwardPass> smallBatchPass(MultiLayerNetwork channelsLast, String name) {
    if (!smallBatchPassAllowed) {
      return Optional.empty();
    }
    Optional<BlasForwardPass> pass = BlasForwardPass.of(channelsLast, ModelInput.SIDE, 1);
    if (pass.isPresent() && !pass.get().agreesWith(channelsLast)) {
      LOG.warn("{}: its BLAS forward pass answers differently; small batches run on DL4J", name);
      return Optional.empty();
    }
    return pass;
  }

  /**
   * One small batch through the network: the output must be finite probabilities of the right
   * shape.
   */
  private static void probe(Predictor predictor) throws ModelRejectedException {
    List<ModelInput> probe =
        List.of(new ModelInput(new byte[ModelInput.PIXELS]), new ModelInput(filled((byte) 0x80)));
    float[] out;
    try {
      out = predictor.probabilities(probe);
    } catch (RuntimeException e) {
      throw new ModelRejectedException(
          "PROBE_FAILED", "probe inference threw: " + e.getMessage(), e);
    }
    int classes = predictor.classCount();
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
    Arrays.fill(pixels, value);
    return pixels;
  }
}
