package dev.producttagger.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.ModelInput;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  @Test
  void batchedPredictionsMatchOneWholeForwardPass() {
    LabelledImages images = TestData.fashionMnistTrain().select(IntStream.range(0, 70).toArray());
    MultiLayerNetwork network = Architecture.PAPER_BASELINE.newNetwork(3, 1e-3, 0);

    Predictions predictions = Evaluator.predict(network, images, 16);

    float[][] probabilities =
        network.output(ModelInput.features(images, 0, images.size()), false).toFloatMatrix();
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
}
