package dev.producttagger.trainer.finetune;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.eval.Predictions;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How well a network fits the labelled examples it fine-tunes on: their mean cross-entropy loss and
 * accuracy, predicting one pass per image. Measured on the training examples themselves, it shows
 * the run learnt them; it says nothing of new photos.
 */
public record ExampleFit(double loss, double accuracy) {

  public static ExampleFit of(MultiLayerNetwork network, LabelledImages examples) {
    Predictions predictions =
        Evaluator.predict(
            Evaluator.predictor(network, false), examples, Evaluator.DEFAULT_BATCH_SIZE);
    return new ExampleFit(predictions.meanLoss(), predictions.accuracy(examples));
  }
}
