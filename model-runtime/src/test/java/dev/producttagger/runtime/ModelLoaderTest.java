package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.FashionCategories;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModelLoaderTest {

  private final ModelLoader loader = new ModelLoader(FashionCategories.NAMES);

  @Test
  void aValidBundleServesProbabilitiesForEveryImageOfABatch() throws Exception {
    ServingModel model = loader.load(TestModels.tinyBundle("tiny", 3, 11));

    List<Prediction> predictions =
        model.predict(
            List.of(new ModelInput(new byte[784]), new ModelInput(new byte[784]), image(200)));
    assertEquals(3, predictions.size());
    for (Prediction p : predictions) {
      assertEquals(Predictor.TOP_K, p.top().size());
      assertTrue(p.top().get(0).probability() >= p.top().get(1).probability());
      assertEquals(FashionCategories.NAMES.get(p.best().index()), p.best().name());
    }
    assertEquals(predictions.get(0), predictions.get(1), "same image, same prediction");
    assertEquals("tiny", model.ref().name());
    assertEquals(3, model.ref().version());
  }

  @Test
  void servesTheChannelsLastTwinOfABundlesNetwork() throws Exception {
    ModelBundle bundle = TestModels.tinyBundle("tiny", 1, 13);
    ServingModel model = loader.load(bundle);
    assertTrue(model.isChannelsLast());

    // The bundle's own network, as stored: the served twin must answer exactly as it does.
    MultiLayerNetwork stored = TestModels.tinyNetwork(13, FashionCategories.NAMES.size());
    List<ModelInput> images = List.of(image(10), image(128), image(250));
    float[] served = model.probabilities(images);
    float[] scaled = new float[images.size() * ModelInput.PIXELS];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = images.get(i / ModelInput.PIXELS).pixel(i % ModelInput.PIXELS) / 255f;
    }
    float[] expected =
        stored
            .output(
                Nd4j.create(scaled, new long[] {images.size(), 1, 28, 28}, DataType.FLOAT), false)
            .data()
            .asFloat();
    assertEquals(expected.length, served.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], served[i], 1e-5, "probability " + i);
    }
  }

  @Test
  void aChannelsFirstLoaderServesTheNetworkAsStoredWithTheSameAnswers() throws Exception {
    ModelBundle bundle = TestModels.tinyBundle("tiny", 1, 14);
    ServingModel channelsFirst = loader.channelsFirstOnly().load(bundle);
    ServingModel channelsLast = loader.load(bundle);
    assertFalse(channelsFirst.isChannelsLast());

    List<ModelInput> images = List.of(image(20), image(21));
    float[] first = channelsFirst.probabilities(images);
    float[] last = channelsLast.probabilities(images);
    for (int i = 0; i < first.length; i++) {
      assertEquals(first[i], last[i], 1e-5, "probability " + i);
    }
  }

  @Test
  void aNetworkTrainedWithWeightDecayServesChannelsLastWithTheSameAnswers() throws Exception {
    // The trainer's --weight-decay leaves a WeightDecay regularisation in each layer's JSON.
    ModelBundle bundle =
        TestModels.bundleOf(
            TestModels.tinyNetwork(15, FashionCategories.NAMES.size(), 0.05),
            "decayed",
            1,
            FashionCategories.NAMES);
    assertTrue(new String(bundle.networkJson(), StandardCharsets.UTF_8).contains("WeightDecay"));

    ServingModel channelsLast = loader.load(bundle);
    ServingModel channelsFirst = loader.channelsFirstOnly().load(bundle);

    assertTrue(channelsLast.isChannelsLast());
    List<ModelInput> images = List.of(image(30), image(31));
    float[] first = channelsFirst.probabilities(images);
    float[] last = channelsLast.probabilities(images);
    for (int i = 0; i < first.length; i++) {
      assertEquals(first[i], last[i], 1e-5, "probability " + i);
    }
  }

  @Test
  void batchingDoesNotChangeAnImagesPrediction() throws Exception {
    ServingModel model = loader.load(TestModels.tinyBundle("tiny", 1, 12));
    ModelInput image = image(77);
    Prediction alone = model.predict(List.of(image)).get(0);
    Prediction inBatch = model.predict(List.of(image(1), image(2), image, image(3))).get(2);
    assertEquals(alone.best().index(), inBatch.best().index());
    assertEquals(alone.confidence(), inBatch.confidence(), 1e-6);
  }

  @Test
  void wrongClassListIsRejected() {
    ModelBundle fiveClasses =
        TestModels.bundleOf(
            TestModels.tinyNetwork(1, 5), "five", 1, FashionCategories.NAMES.subList(0, 5));
    assertEquals(
        "WRONG_CLASSES",
        assertThrows(ModelRejectedException.class, () -> loader.load(fiveClasses)).reason());
  }

  @Test
  void wrongInputShapeIsRejected() {
    ModelBundle good = TestModels.tinyBundle("tiny", 1, 1);
    InputSpec colour =
        new InputSpec(
            List.of(3, 32, 32), InputSpec.PIXEL_OVER_255, InputSpec.ZERO_BACKGROUND_255_INK, false);
    ModelBundle bundle = TestModels.repack(good, colour, good.networkJson(), good.weights());
    assertEquals(
        "WRONG_INPUT_SHAPE",
        assertThrows(ModelRejectedException.class, () -> loader.load(bundle)).reason());
  }

  @Test
  void aClassOutsideDl4jIsRejectedAsUntrusted() {
    ModelBundle good = TestModels.tinyBundle("tiny", 1, 1);
    String json =
        new String(good.networkJson(), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"@class\"\\s*:\\s*\"org\\.deeplearning4j[^\"]*\"",
                "\"@class\" : \"com.example.Gadget\"");
    ModelBundle poisoned = TestModels.withNetwork(good, json.getBytes(StandardCharsets.UTF_8));
    ModelRejectedException e =
        assertThrows(ModelRejectedException.class, () -> loader.load(poisoned));
    assertEquals("UNTRUSTED_CLASS", e.reason());
    assertTrue(e.getMessage().contains("com.example.Gadget"));
  }

  @Test
  void aNetworkDl4jCannotBuildIsRejected() {
    ModelBundle good = TestModels.tinyBundle("tiny", 1, 1);
    ModelBundle broken =
        TestModels.withNetwork(good, "{\"confs\": 42}".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "BAD_NETWORK",
        assertThrows(ModelRejectedException.class, () -> loader.load(broken)).reason());
  }

  @Test
  void weightsForAnotherNetworkAreRejected() {
    ModelBundle good = TestModels.tinyBundle("tiny", 1, 1);
    ModelBundle bundle =
        TestModels.repack(
            good, good.manifest().input(), good.networkJson(), WeightsCodec.encode(new float[100]));
    assertEquals(
        "WEIGHTS_MISMATCH",
        assertThrows(ModelRejectedException.class, () -> loader.load(bundle)).reason());
  }

  @Test
  void weightsThatProduceNonsenseFailTheProbe() {
    ModelBundle good = TestModels.tinyBundle("tiny", 1, 1);
    float[] nan = new float[(int) good.manifest().parameterCount()];
    java.util.Arrays.fill(nan, Float.NaN);
    ModelBundle bundle =
        TestModels.repack(
            good, good.manifest().input(), good.networkJson(), WeightsCodec.encode(nan));
    assertEquals(
        "PROBE_FAILED",
        assertThrows(ModelRejectedException.class, () -> loader.load(bundle)).reason());
  }

  private static ModelInput image(int seed) {
    byte[] pixels = new byte[784];
    new java.util.Random(seed).nextBytes(pixels);
    return new ModelInput(pixels);
  }
}
