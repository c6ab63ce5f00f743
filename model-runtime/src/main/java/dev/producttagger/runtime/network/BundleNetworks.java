package dev.producttagger.runtime.network;

import dev.producttagger.runtime.network.UnbuildableNetworkException.Reason;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.cfg.MapperConfig;
import org.nd4j.shade.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * A model bundle's network, built without trusting the bundle: configuration from {@code
 * network.json}, {@code init()}, then the weights.
 *
 * <p>Nothing here uses Java deserialization: the network configuration is JSON in which every class
 * named as a polymorphic type must be DL4J's or ND4J's before it is loaded, and the weights are raw
 * little-endian floats whose count must be the network's.
 */
public final class BundleNetworks {

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

  private BundleNetworks() {}

  /** The network of {@code bundle}, with its weights. */
  public static MultiLayerNetwork build(ModelBundle bundle) throws UnbuildableNetworkException {
    return build(
        new String(bundle.networkJson(), StandardCharsets.UTF_8),
        WeightsCodec.decode(bundle.weights()));
  }

  /**
   * The network {@code networkJson} configures, holding {@code weights} in the order of {@link
   * MultiLayerNetwork#params()}.
   */
  public static MultiLayerNetwork build(String networkJson, float[] weights)
      throws UnbuildableNetworkException {
    try {
      MultiLayerNetwork network =
          new MultiLayerNetwork(DL4J_JSON.readValue(networkJson, MultiLayerConfiguration.class));
      network.init();
      if (network.numParams() != weights.length) {
        throw new UnbuildableNetworkException(
            Reason.WEIGHTS_MISMATCH,
            "network has "
                + network.numParams()
                + " parameters, weights.bin holds "
                + weights.length,
            null);
      }
      network.setParams(Nd4j.create(weights, new long[] {1, weights.length}, DataType.FLOAT));
      return network;
    } catch (IOException | RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof UntrustedClassException untrusted) {
          throw new UnbuildableNetworkException(
              Reason.UNTRUSTED_CLASS,
              "network.json names class " + untrusted.getMessage() + " outside DL4J",
              e);
        }
      }
      throw new UnbuildableNetworkException(
          Reason.BAD_NETWORK, "DL4J cannot build the network: " + e.getMessage(), e);
    }
  }

  /** Allows the classes of DL4J and ND4J by name, and stops at any other before it is loaded. */
  private static final class Dl4jClassesOnly extends PolymorphicTypeValidator.Base {

    @Override
    public Validity validateSubClassName(
        MapperConfig<?> config, JavaType baseType, String subClassName) {
      if (TRUSTED_CLASS_PREFIXES.stream().noneMatch(subClassName::startsWith)) {
        // Thrown rather than DENIED: Jackson's own error for a denial is not told apart from any
        // other unknown type id, and the refusal should say what it is.
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
}
