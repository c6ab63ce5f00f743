package dev.producttagger.trainer.train;

import dev.producttagger.trainer.eval.CorrectPredictions;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts how many images of the current training minibatch the network classifies correctly in the
 * very forward pass it trains on, as Keras reports training accuracy, without a second pass. DL4J
 * hands listeners the activations up to the input of the output layer; the output layer's own
 * weights turn those into logits, whose argmax equals the softmax's. Only the first forward pass
 * after {@link #expect} counts: sharpness-aware minimisation makes a second one at moved weights.
 */
final class ForwardPassAccuracy extends BaseTrainingListener {

  private int[] labels = new int[0];
  private int correct;
  private boolean counted;

  /** Call before fitting a minibatch with these labels. */
  void expect(int[] batchLabels) {
    labels = batchLabels;
    correct = 0;
    counted = false;
  }

  /** Correct predictions in the last fitted minibatch. */
  int correct() {
    return correct;
  }

  @Override
  @SuppressWarnings("try") // the scope only moves allocations out of DL4J's activation workspace
  public void onForwardPass(Model model, List<INDArray> activations) {
    if (counted) {
      return;
    }
    counted = true;
    MultiLayerNetwork network = (MultiLayerNetwork) model;
    Layer output = network.getOutputLayer();
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray hidden = activations.get(activations.size() - 1);
      // A network whose output layer follows a convolution or pooling layer (a served bundle may
      // be one) flattens its activations on the way in; the trainer's architectures end in dense.
      InputPreProcessor flatten =
          network.getLayerWiseConfigurations().getInputPreProcess(network.getnLayers() - 1);
      if (flatten != null) {
        hidden = flatten.preProcess(hidden, (int) hidden.size(0), LayerWorkspaceMgr.noWorkspaces());
      }
      INDArray logits = hidden.mmul(output.getParam("W")).addiRowVector(output.getParam("b"));
      correct = CorrectPredictions.count(logits, labels, 0);
    }
  }
}
