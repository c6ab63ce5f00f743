package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ServingModelTest {

  private static final int CLASSES = FashionCategories.NAMES.size();

  private final ModelLoader loader = new ModelLoader(FashionCategories.NAMES);

  @Test
  void aMirrorAveragedBundlePredictsTheMeanOfTheImageAndItsMirrorImage() throws Exception {
    ModelBundle onePass = TestModels.tinyBundle("tiny", 1, 21);
    ModelBundle mirrorAveraged =
        TestModels.repack(
            onePass,
            InputSpec.fashionMnist().withMirrorAveraging(),
            onePass.networkJson(),
            onePass.weights());
    ModelInput image = randomImage(5);
    ModelInput mirrorImage = mirror(image);

    float[] plain = loader.load(onePass).probabilities(List.of(image, mirrorImage));
    float[] averaged = loader.load(mirrorAveraged).probabilities(List.of(image, mirrorImage));

    float largestGap = 0;
    for (int c = 0; c < CLASSES; c++) {
      float mean = (plain[c] + plain[CLASSES + c]) / 2;
      assertEquals(mean, averaged[c], 1e-6);
      largestGap = Math.max(largestGap, Math.abs(plain[c] - plain[CLASSES + c]));
    }
    // The tiny network is not mirror-symmetric, so one pass alone would differ.
    assertTrue(largestGap > 1e-4, "largest gap " + largestGap);
    assertArrayEquals(
        Arrays.copyOfRange(averaged, 0, CLASSES),
        Arrays.copyOfRange(averaged, CLASSES, 2 * CLASSES),
        1e-6f,
        "an image and its mirror image get the same mirror-averaged prediction");
  }

  @Test
  void everyImageOfABatchGetsWhatTheNetworkItselfAnswersForIt() throws Exception {
    ModelBundle bundle = TestModels.tinyBundle("tiny", 1, 33);
    List<ModelInput> batch = List.of(randomImage(1), randomImage(2), randomImage(3));
    float[] values = new float[batch.size() * ModelInput.PIXELS];
    InputEncoding encoding = InputEncoding.of(bundle.manifest().input());
    for (int i = 0; i < batch.size(); i++) {
      encoding.write(batch.get(i), values, i * ModelInput.PIXELS);
    }
    INDArray expected =
        TestModels.tinyNetwork(33, CLASSES)
            .output(
                Nd4j.create(
                    values,
                    new long[] {batch.size(), 1, ModelInput.SIDE, ModelInput.SIDE},
                    DataType.FLOAT),
                false);

    float[] served = loader.load(bundle).probabilities(batch);

    assertArrayEquals(expected.data().asFloat(), served, 1e-5f);
  }

  @Test
  void smallBatchesRunOnTheBlasPassAndAnswerAsDl4jDoes() throws Exception {
    ModelBundle bundle = TestModels.tinyBundle("tiny", 1, 35);
    ServingModel served = loader.load(bundle);
    ServingModel dl4jOnly = loader.withoutSmallBatchPass().load(bundle);
    assertTrue(served.predictor().hasSmallBatchPass());
    assertFalse(dl4jOnly.predictor().hasSmallBatchPass());

    for (int size : new int[] {1, Predictor.SMALL_BATCH_LIMIT, Predictor.SMALL_BATCH_LIMIT + 1}) {
      List<ModelInput> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        batch.add(randomImage(100 + i));
      }
      assertArrayEquals(
          dl4jOnly.probabilities(batch), served.probabilities(batch), 1e-5f, "batch of " + size);
    }
  }

  @Test
  void callersOnManyThreadsAtOnceEachGetTheirOwnBatchsAnswers() throws Exception {
    ServingModel model = loader.load(TestModels.tinyBundle("tiny", 1, 41));
    List<List<ModelInput>> batches = new ArrayList<>();
    for (int b = 0; b < 16; b++) {
      batches.add(List.of(randomImage(2 * b), randomImage(2 * b + 1)));
    }
    List<float[]> oneAtATime = new ArrayList<>();
    for (List<ModelInput> batch : batches) {
      oneAtATime.add(model.probabilities(batch));
    }

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        List<Future<float[]>> answers = new ArrayList<>();
        for (List<ModelInput> batch : batches) {
          answers.add(threads.submit(() -> model.probabilities(batch)));
        }
        for (int b = 0; b < batches.size(); b++) {
          assertArrayEquals(oneAtATime.get(b), answers.get(b).get(), 1e-6f, "batch " + b);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static ModelInput randomImage(int seed) {
    byte[] pixels = new byte[ModelInput.PIXELS];
    new Random(seed).nextBytes(pixels);
    return new ModelInput(pixels);
  }

  private static ModelInput mirror(ModelInput image) {
    byte[] pixels = image.pixels();
    byte[] mirrored = new byte[pixels.length];
    for (int row = 0; row < ModelInput.SIDE; row++) {
      for (int column = 0; column < ModelInput.SIDE; column++) {
        mirrored[row * ModelInput.SIDE + column] =
            pixels[row * ModelInput.SIDE + ModelInput.SIDE - 1 - column];
      }
    }
    return new ModelInput(mirrored);
  }
}
