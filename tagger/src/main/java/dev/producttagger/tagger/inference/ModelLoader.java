package dev.producttagger.tagger.inference;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.tagger.preprocessing.ModelInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.cfg.MapperConfig;
import org.nd4j.shade.jackson.databind.jsontype.PolymorphicTypeValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a model bundle back into a network and proves it fit to serve before anyone uses it.
 *
 * <p>Nothing here uses Java deserialization: the network configuration is JSON in which every class
 * named as a polymorphic type must be DL4J's or ND4J's before it is loaded, and the weights are raw
 * little-endian floats.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private static final List<String> TRUSTED_CLASS_PREFIXES =
      List.of("org.deeplearning4j.", "org.nd4j.");

  /**
   * DL4J's own JSON mapper (a copy, so DL4J's shared one is untouched) that refuses a class outside
   * DL4J by its name. DL4J's JSON names classes in {@code @class}, in a weight distribution's
   * {@code type} and, through Jackson's fallback, first in an array standing in for an object; its
   * mapper loads and initialises whatever class is named there and only then checks that it fits.
   */
  private static final ObjectMapper DL4J_JSON =
      NeuralNetConfiguration.mapper().copy().setPolymorphicTypeValidator(new Dl4jClassesOnly());

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
    String networkJson = new String(bundle.networkJson(), StandardCharsets.UTF_8);
    MultiLayerNetwork network = build(networkJson, WeightsCodec.decode(bundle.weights()));
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

  private static MultiLayerNetwork build(String networkJson, float[] weights)
      throws ModelRejectedException {
    try {
      MultiLayerNetwork network =
          new MultiLayerNetwork(DL4J_JSON.readValue(networkJson, MultiLayerConfiguration.class));
      network.init();
      if (network.numParams() != weights.length) {
        throw new ModelRejectedException(
            "WEIGHTS_MISMATCH",
            "network has "
                + network.numParams()
                + " parameters, weights.bin holds "
                + weights.length);
      }
      network.setParams(Nd4j.create(weights, new long[] {1, weights.length}, DataType.FLOAT));
      return network;
    } catch (ModelRejectedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof UntrustedClassException untrusted) {
          throw new ModelRejectedException(
              "UNTRUSTED_CLASS",
              "network.json names class " + untrusted.getMessage() + " outside DL4J",
              e);
        }
      }
      throw new ModelRejectedException(
          "BAD_NETWORK", "DL4J cannot build the network: " + e.getMessage(), e);
    }
  }

  /** Allows the classes of DL4J and ND4J by name, and stops at any other before it is loaded. */
  private static final class Dl4jClassesOnly extends PolymorphicTypeValidator.Base {

    @Override
    public Validity validateSubClassName(
        MapperConfig<?> config, JavaType baseType, String subClassName) {
      if (TRUSTED_CLASS_PREFIXES.stream().noneMatch(subClassName::startsWith)) {
        // Thrown rather than DENIED: Jackson's own error for a denial is not told apart from any
        // other unknown type id, and the rejection should say what it is.
        throw new UntrustedClassException(subClassName);
      }
      return Validity.ALLOWED;
    }
  }

  /** A class outside DL4J named in network.json; the message is its name. */
  private static final class UntrustedClassException extends RuntimeException {

    UntrustedClassException(String className) {
      super(className, null, false, false);
    }
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
