package dev.producttagger.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  @Test
  void batchedPredictionsMatchOneWholeForwardPass() {
    LabelledImages images = TestData.fashionMnistTrain().select(IntStream.range(0, 70).toArray());
    MultiLayerNetwork network = Architecture.PAPER_BASELINE.newNetwork(3, 1e-3, 0);

    Predictions predictions = Evaluator.predict(Evaluator.predictor(network, false), images, 16);

    float[][] probabilities =
        network.output(TrainingInput.features(images, 0, images.size()), false).toFloatMatrix();
    double loss = 0;
    for (int i = 0; i < images.size(); i++) {
      int best = 0;
      for (int c = 1; c < 10; c++) {
        best = probabilities[i][c] > probabilities[i][best] ? c : best;
      }
      assertEquals(best, predictions.predicted()[i]);
      assertEquals(probabilities[i][best], predictions.confidence()[i], 1e-6);
      loss -= Math.log(probabilities[i][images.label(i)]);
    }
    assertEquals(loss / images.size(), predictions.meanLoss(), 1e-5);
    assertEquals(images.size(), predictions.confusionMatrix(images).total());
  }

  @Test
  void reportsEachBatchAsItFinishes() {
    LabelledImages images = TestData.fashionMnistTrain().select(IntStream.range(0, 70).toArray());
    MultiLayerNetwork network = Architecture.PAPER_BASELINE.newNetwork(3, 1e-3, 0);
    List<Integer> batches = new ArrayList<>();

    float[][] probabilities =
        Evaluator.probabilities(Evaluator.predictor(network, true), images, 32, batches::add);

    assertEquals(List.of(32, 32, 6), batches);
    assertEquals(70, probabilities.length);
  }

  @Test
  void mirrorAveragingPredictsTheMeanOfTheImageAndItsMirrorImage() {
    LabelledImages images = TestData.fashionMnistTrain().select(IntStream.range(0, 40).toArray());
    MultiLayerNetwork network = Architecture.PAPER_BASELINE.newNetwork(5, 1e-3, 0);
    float[] pixels = TrainingInput.scaledPixels(images, 0, images.size());

    Predictions predictions = Evaluator.predict(Evaluator.predictor(network, true), images, 16);

    float[][] plain = network.output(TrainingInput.features(pixels, 40), false).toFloatMatrix();
    float[][] mirrored =
        network
            .output(TrainingInput.features(TrainingInput.SPEC.mirrored(pixels), 40), false)
            .toFloatMatrix();
    int differentFromOnePass = 0;
    for (int i = 0; i < images.size(); i++) {
      float[] mean = new float[10];
      int best = 0;
      for (int c = 0; c < 10; c++) {
        mean[c] = (plain[i][c] + mirrored[i][c]) / 2;
        best = mean[c] > mean[best] ? c : best;
      }
      assertEquals(best, predictions.predicted()[i]);
      assertEquals(mean[best], predictions.confidence()[i], 1e-6);
      differentFromOnePass += Math.abs(plain[i][best] - mean[best]) > 1e-4 ? 1 : 0;
    }
    // An untrained network is far from mirror-symmetric, so averaging must change confidences.
    assertTrue(differentFromOnePass > 0);
  }
}
