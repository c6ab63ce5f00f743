package dev.producttagger.trainer.eval;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Measures a network on labelled images through the model runtime's {@link Predictor}, the path the
 * tagger serves it on, so the accuracy an export writes into a manifest is the served one.
 */
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

  /**
   * The predictor the tagger would serve {@code network} with once exported, predicting each image
   * as the mean with its mirror image when {@code mirrorAveraged}.
   *
   * @throws IllegalStateException if the network cannot serve, such as a diverged one whose outputs
   *     are not probabilities
   */
  public static Predictor predictor(MultiLayerNetwork network, boolean mirrorAveraged) {
    try {
      return new ModelLoader(FashionCategories.NAMES)
          .predictor(
              network,
              mirrorAveraged ? TrainingInput.SPEC.withMirrorAveraging() : TrainingInput.SPEC);
    } catch (ModelRejectedException e) {
      throw new IllegalStateException("the network cannot serve: " + e.getMessage(), e);
    }
  }

  /** The predictions of {@code predictor} for {@code images}. */
  public static Predictions predict(Predictor predictor, LabelledImages images, int batchSize) {
    return predictions(probabilities(predictor, images, batchSize, done -> {}), images);
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

  /**
   * The class probabilities of every image, one row per image in the set's order, telling {@code
   * batchDone} how many images each batch held as it finishes.
   */
  public static float[][] probabilities(
      Predictor predictor, LabelledImages images, int batchSize, IntConsumer batchDone) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
    int classes = predictor.classCount();
    float[][] rows = new float[images.size()][];
    for (int from = 0; from < images.size(); from += batchSize) {
      int to = Math.min(images.size(), from + batchSize);
      List<ModelInput> batch = new ArrayList<>(to - from);
      for (int image = from; image < to; image++) {
        batch.add(new ModelInput(images.image(image)));
      }
      float[] probabilities = predictor.probabilities(batch);
      for (int row = 0; row < to - from; row++) {
        float[] values = new float[classes];
        System.arraycopy(probabilities, row * classes, values, 0, classes);
        rows[from + row] = values;
      }
      batchDone.accept(to - from);
    }
    return rows;
  }

  /**
   * Accuracy, loss, per-class metrics and the confusion matrix of {@code predictor} on {@code
   * images}.
   */
  public static Evaluation evaluate(Predictor predictor, LabelledImages images, int batchSize) {
    Predictions predictions = predict(predictor, images, batchSize);
    return Evaluation.of(
        predictions.confusionMatrix(images),
        predictions.meanLoss(),
        predictor.classNames(),
        predictor.input().mirrorAveraged());
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
