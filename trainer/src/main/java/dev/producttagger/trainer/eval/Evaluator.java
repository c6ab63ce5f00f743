package dev.producttagger.trainer.eval;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.model.ModelInput;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a network in inference mode over labelled images, a batch at a time. */
public final class Evaluator {

  /**
   * Images per inference batch unless told otherwise: large enough to amortise per-call overhead.
   */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * Probabilities are clipped here before the logarithm, as Keras does, so one certain mistake
   * cannot make the loss infinite.
   */
  private static final double PROBABILITY_FLOOR = 1e-7;

  private Evaluator() {}

  /** The predictions of {@code network} for {@code images}, predicting in {@code mode}. */
  public static Predictions predict(
      MultiLayerNetwork network, LabelledImages images, int batchSize, PredictionMode mode) {
    return predictions(probabilities(network, images, batchSize, mode), images);
  }

  /** The predictions that class probabilities ({@link #probabilities}) make for {@code images}. */
  public static Predictions predictions(float[][] rows, LabelledImages images) {
    int[] predicted = new int[images.size()];
    float[] confidence = new float[images.size()];
    double lossSum = 0;
    for (int i = 0; i < rows.length; i++) {
      int best = argMax(rows[i]);
      predicted[i] = best;
      confidence[i] = rows[i][best];
      lossSum -= Math.log(Math.max(rows[i][images.label(i)], PROBABILITY_FLOOR));
    }
    return new Predictions(predicted, confidence, images.size() == 0 ? 0 : lossSum / images.size());
  }

  /** The class probabilities of every image, one row per image in the set's order. */
  public static float[][] probabilities(
      MultiLayerNetwork network, LabelledImages images, int batchSize, PredictionMode mode) {
    return probabilities(network, images, batchSize, mode, done -> {});
  }

  /**
   * The class probabilities of every image, telling {@code batchDone} how many images each batch
   * held as it finishes.
   */
  public static float[][] probabilities(
      MultiLayerNetwork network,
      LabelledImages images,
      int batchSize,
      PredictionMode mode,
      IntConsumer batchDone) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
    float[][] rows = new float[images.size()][];
    for (int from = 0; from < images.size(); from += batchSize) {
      int to = Math.min(images.size(), from + batchSize);
      float[] pixels = ModelInput.scaledPixels(images, from, to);
      INDArray probabilities = network.output(ModelInput.features(pixels, to - from), false);
      if (mode == PredictionMode.MIRROR_AVERAGED) {
        INDArray mirrored = ModelInput.features(ModelInput.SPEC.mirrored(pixels), to - from);
        probabilities = probabilities.addi(network.output(mirrored, false)).divi(2);
      }
      System.arraycopy(probabilities.toFloatMatrix(), 0, rows, from, to - from);
      batchDone.accept(to - from);
    }
    return rows;
  }

  /**
   * Accuracy, loss, per-class metrics and the confusion matrix of {@code network} on {@code
   * images}, predicting in {@code mode}.
   */
  public static Evaluation evaluate(
      MultiLayerNetwork network, LabelledImages images, int batchSize, PredictionMode mode) {
    Predictions predictions = predict(network, images, batchSize, mode);
    return Evaluation.of(
        predictions.confusionMatrix(images), predictions.meanLoss(), FashionCategories.NAMES, mode);
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
