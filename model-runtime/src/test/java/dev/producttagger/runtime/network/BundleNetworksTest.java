package dev.producttagger.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.network.UnbuildableNetworkException.Reason;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class BundleNetworksTest {

  private static final AtomicBoolean CANARY_INITIALISED = new AtomicBoolean();

  /** A tiny seeded CNN for 8x8 gray images; its JSON is what a bundle's network.json holds. */
  private static final MultiLayerNetwork NETWORK = tinyNetwork();

  private static final String NETWORK_JSON = NETWORK.getLayerWiseConfigurations().toJson();

  private static final float[] WEIGHTS = NETWORK.params().toFloatVector();

  @Test
  void buildsTheNetworkWithItsWeights() throws UnbuildableNetworkException {
    MultiLayerNetwork built = BundleNetworks.build(NETWORK_JSON, WEIGHTS);

    INDArray images = images();
    assertEquals(NETWORK.output(images, false), built.output(images, false));
  }

  @Test
  void otherWeightsGiveOtherAnswers() throws UnbuildableNetworkException {
    float[] halved = WEIGHTS.clone();
    for (int i = 0; i < halved.length; i++) {
      halved[i] /= 2;
    }

    MultiLayerNetwork built = BundleNetworks.build(NETWORK_JSON, halved);

    INDArray images = images();
    assertNotEquals(NETWORK.output(images, false), built.output(images, false));
  }

  @Test
  void aLayerClassOutsideDl4jIsRefusedByName() {
    String json =
        NETWORK_JSON.replaceFirst(
            "\"@class\"\\s*:\\s*\"org\\.deeplearning4j\\.nn\\.conf\\.layers\\.ConvolutionLayer\"",
            "\"@class\" : \"com.example.Gadget\"");
    assertNotEquals(NETWORK_JSON, json);

    UnbuildableNetworkException e = refused(json, WEIGHTS);

    assertEquals(Reason.UNTRUSTED_CLASS, e.reason());
    assertEquals("network.json names class com.example.Gadget outside DL4J", e.getMessage());
  }

  /**
   * DL4J's JSON names classes in {@code @class}, in a weight distribution's {@code type}, and
   * Jackson also reads a type from an array standing in for an object. DL4J's Jackson loads and
   * initialises a named class before it checks its type, so a name outside DL4J must be refused
   * before that, wherever it is.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"@class\" : \"CANARY\"}",
        "{\"@class\" : \"org.deeplearning4j.nn.weights.WeightInitDistribution\","
            + " \"distribution\" : {\"type\" : \"CANARY\"}}",
        "[\"CANARY\", {}]"
      })
  void aClassOutsideDl4jIsNeverLoadedWhereverTheNetworkNamesIt(String weightInit) {
    String json =
        NETWORK_JSON.replaceFirst(
            "\\{\\s*\"@class\"\\s*:\\s*\"org\\.deeplearning4j\\.nn\\.weights\\.WeightInit[^\"]*\"\\s*}",
            Matcher.quoteReplacement(weightInit.replace("CANARY", Canary.class.getName())));
    assertNotEquals(NETWORK_JSON, json, "the network has no weight initialisation to replace");

    UnbuildableNetworkException e = refused(json, WEIGHTS);

    assertFalse(CANARY_INITIALISED.get(), "the named class was loaded and initialised");
    assertEquals(Reason.UNTRUSTED_CLASS, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(Canary.class.getName()), e.getMessage());
  }

  /** Stands for a class with a harmful static initialiser; its name is all a bundle can give. */
  static final class Canary {
    static {
      CANARY_INITIALISED.set(true);
    }
  }

  @Test
  void aConfigurationDl4jCannotReadIsABadNetwork() {
    for (String json : new String[] {"{\"confs\": 42}", "not json", ""}) {
      UnbuildableNetworkException e = refused(json, WEIGHTS);

      assertEquals(Reason.BAD_NETWORK, e.reason(), json);
      assertTrue(e.getMessage().startsWith("DL4J cannot build the network: "), e.getMessage());
    }
  }

  @Test
  void weightsForAnotherNetworkAreRefused() {
    for (int count : new int[] {0, WEIGHTS.length - 1, WEIGHTS.length + 1}) {
      UnbuildableNetworkException e = refused(NETWORK_JSON, new float[count]);

      assertEquals(Reason.WEIGHTS_MISMATCH, e.reason());
      assertEquals(
          "network has " + WEIGHTS.length + " parameters, weights.bin holds " + count,
          e.getMessage());
    }
  }

  /** Three seeded random 8x8 gray images. */
  private static INDArray images() {
    float[] pixels = new float[3 * 8 * 8];
    Random random = new Random(5);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    return Nd4j.create(pixels, new long[] {3, 1, 8, 8}, 'c');
  }

  private static UnbuildableNetworkException refused(String json, float[] weights) {
    return assertThrows(
        UnbuildableNetworkException.class, () -> BundleNetworks.build(json, weights));
  }

  private static MultiLayerNetwork tinyNetwork() {
    MultiLayerNetwork network =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(3)
                .list()
                .layer(
                    new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build());
    network.init();
    return network;
  }
}
