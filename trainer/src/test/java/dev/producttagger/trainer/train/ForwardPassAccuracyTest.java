package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ForwardPassAccuracyTest {

  private static final int[] LABELS = {3, 1, 0, 7};

  @Test
  void countsOnlyTheFirstForwardPassAfterEachExpect() {
    MultiLayerNetwork network = Architecture.PAPER_BASELINE.newNetwork(1, 1e-3, 0);
    // An output layer whose logits are the first ten hidden activations.
    Layer output = network.getOutputLayer();
    INDArray weights = Nd4j.zeros(DataType.FLOAT, 128, LabelledImages.CLASS_COUNT);
    weights.get(NDArrayIndex.interval(0, 10)).assign(Nd4j.eye(10));
    output.setParam("W", weights);
    output.setParam("b", Nd4j.zeros(DataType.FLOAT, 1, LabelledImages.CLASS_COUNT));
    INDArray silent = Nd4j.zeros(DataType.FLOAT, LABELS.length, 128);
    INDArray labelled = Nd4j.zeros(DataType.FLOAT, LABELS.length, 128);
    for (int i = 0; i < LABELS.length; i++) {
      labelled.putScalar(i, LABELS[i], 1);
    }
    ForwardPassAccuracy accuracy = new ForwardPassAccuracy();

    accuracy.expect(LABELS);
    accuracy.onForwardPass(network, List.of(labelled));
    accuracy.onForwardPass(network, List.of(silent));
    assertEquals(4, accuracy.correct(), "the second pass is not counted");

    accuracy.expect(LABELS);
    accuracy.onForwardPass(network, List.of(silent));
    accuracy.onForwardPass(network, List.of(labelled));
    // All-zero logits predict class 0, which one label is.
    assertEquals(1, accuracy.correct());
  }
}
