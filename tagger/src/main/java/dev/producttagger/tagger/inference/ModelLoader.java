package dev.producttagger.tagger.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.tagger.preprocessing.ModelInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a model bundle back into a network and proves it fit to serve before anyone uses it.
 *
 * <p>Nothing here uses Java deserialization: the network configuration is JSON whose polymorphic
 * {@code @class} names are first checked against DL4J's own packages, and the weights are raw
 * little-endian floats.
 */
public final class ModelLoader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TRUSTED_CLASS_PREFIXES =
      List.of("org.deeplearning4j.", "org.nd4j.");
  private static final List<Integer> EXPECTED_INPUT_SHAPE =
      List.of(1, ModelInput.SIDE, ModelInput.SIDE);

  private final List<String> expectedClassNames;

  /**
   * @param expectedClassNames the categories, in index order, every served model must predict
   */
  public ModelLoader(List<String> expectedClassNames) {
    this.expectedClassNames = List.copyOf(expectedClassNames);
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
    requireTrustedClasses(networkJson);
    MultiLayerNetwork network = build(networkJson, WeightsCodec.decode(bundle.weights()));
    ServingModel model = new ServingModel(network, manifest);
    probe(model);
    return model;
  }

  private static void requireTrustedClasses(String networkJson) throws ModelRejectedException {
    JsonNode tree;
    try {
      tree = JSON.readTree(networkJson);
    } catch (IOException e) {
      throw new ModelRejectedException(
          "BAD_NETWORK", "network.json is not JSON: " + e.getMessage());
    }
    List<String> classNames = new ArrayList<>();
    collectClassNames(tree, classNames);
    for (String name : classNames) {
      if (TRUSTED_CLASS_PREFIXES.stream().noneMatch(name::startsWith)) {
        throw new ModelRejectedException(
            "UNTRUSTED_CLASS", "network.json names class " + name + " outside DL4J");
      }
    }
  }

  private static void collectClassNames(JsonNode node, List<String> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("@class") && field.getValue().isTextual()) {
                  into.add(field.getValue().asText());
                }
                collectClassNames(field.getValue(), into);
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectClassNames(child, into));
    }
  }

  private static MultiLayerNetwork build(String networkJson, float[] weights)
      throws ModelRejectedException {
    try {
      MultiLayerNetwork network =
          new MultiLayerNetwork(MultiLayerConfiguration.fromJson(networkJson));
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
    } catch (RuntimeException e) {
      throw new ModelRejectedException(
          "BAD_NETWORK", "DL4J cannot build the network: " + e.getMessage(), e);
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
