package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.producttagger.runtime.TestModels;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FrozenLayersTest {

  private final MultiLayerNetwork paperCnn =
      Architecture.PAPER_DROPOUT.newNetwork(1, Optimizer.ADAM, 1e-3, 0.25, 0);

  @Test
  void theHeadIsEveryLayerWithWeightsAfterTheLastConvolution() {
    assertEquals(List.of("dense1", "output"), FrozenLayers.resolve(paperCnn, List.of("head")));
  }

  @Test
  void allOrNothingTunesEveryLayerAndNamesAreKeptAsGiven() {
    assertEquals(List.of(), FrozenLayers.resolve(paperCnn, List.of("all")));
    assertEquals(List.of(), FrozenLayers.resolve(paperCnn, List.of()));
    assertEquals(
        List.of("conv2", "conv1"), FrozenLayers.resolve(paperCnn, List.of("conv2", "conv1")));
  }

  @Test
  void refusesUnknownLayersLayersWithoutWeightsAndKeywordsMixedWithNames() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrozenLayers.resolve(paperCnn, List.of("conv1", "conv9")));
    assertEquals(
        "--tuned-layers: the network has no layer 'conv9' with weights; its layers with weights"
            + " are conv1, conv2, conv3, dense1, output",
        unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> FrozenLayers.resolve(paperCnn, List.of("pool1")));
    IllegalArgumentException mixed =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrozenLayers.resolve(paperCnn, List.of("head", "conv1")));
    assertEquals(
        "--tuned-layers takes 'all', 'head' or layer names, not [head, conv1]", mixed.getMessage());
  }

  @Test
  void aNetworkWithoutConvolutionsHasNoHeadToFind() {
    MultiLayerNetwork logistic =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .list()
                .layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.feedForward(784))
                .build());
    logistic.init();

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> FrozenLayers.resolve(logistic, List.of("head")));
    assertEquals(
        "--tuned-layers head: the network has no convolution layer to find its head after",
        refused.getMessage());
  }

  @Test
  void frozenLayersKeepTheirWeightsThroughStepsWithWeightDecayWhileTunedOnesLearn() {
    MultiLayerNetwork network = TestModels.tinyNetwork(3, 10, 0.5);
    INDArray convBefore = network.getLayer(0).params().dup();
    INDArray outputBefore = network.getLayer(2).params().dup();
    String output = network.getLayer(2).conf().getLayer().getLayerName();
    network.setListeners(FrozenLayers.allBut(network, List.of(output)));
    DataSet batch =
        new DataSet(
            Nd4j.rand(new int[] {8, 1, 28, 28}), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));

    for (int step = 0; step < 5; step++) {
      network.fit(batch);
    }

    assertEquals(convBefore, network.getLayer(0).params(), "frozen, weight decay undone");
    assertNotEquals(outputBefore, network.getLayer(2).params(), "tuned");
  }
}
