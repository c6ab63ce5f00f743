package dev.producttagger.benchmarks.harness;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.Prediction;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.preprocessing.ImagePreprocessor;
import dev.producttagger.tagger.preprocessing.ImageRejectedException;
import dev.producttagger.tagger.traffic.SellerPhotos;
import java.util.ArrayList;
import java.util.List;

/**
 * The same Fashion-MNIST items classified twice, as gray8 uploads and as synthetic seller photos
 * (JPEG), and the time photo decoding and conversion take.
 *
 * @param gray8Accuracy share of items the model gets right from their 28x28 pixels
 * @param photoAccuracy share it gets right from the photos, after decoding and conversion
 * @param rejectedPhotos photos the preprocessor refused (counted as wrong)
 * @param photosPerSecond decode plus conversion on one thread, after a warm-up pass
 */
public record PhotoAccuracy(
    int items,
    double gray8Accuracy,
    double photoAccuracy,
    int rejectedPhotos,
    double photosPerSecond) {

  private static final int BATCH = 256;
  private static final int WARM_UP = 300;

  /**
   * The first {@code count} items of {@code images} as a model sees them, as gray8 uploads and as
   * seller photos of {@code width x height} after decoding and conversion: made once, measured with
   * any number of models.
   *
   * @param photoIndex for each converted photo, its item; a photo the preprocessor refused has none
   */
  public record Items(
      LabelledImages images,
      List<ModelInput> gray8,
      List<ModelInput> photos,
      List<Integer> photoIndex,
      double photosPerSecond) {

    public static Items of(LabelledImages images, int count, int width, int height, long seed) {
      SellerPhotos photos = new SellerPhotos(seed, width, height);
      ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT);
      List<ModelInput> gray8 = new ArrayList<>(count);
      List<byte[]> jpegs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        gray8.add(new ModelInput(images.image(i)));
        jpegs.add(photos.jpeg(images.image(i)));
      }

      // The JIT compiles the decoder and converter on the first few hundred photos: time a warm
      // path.
      for (int i = 0; i < Math.min(count, WARM_UP); i++) {
        try {
          preprocessor.toModelInput(new Image(Encoding.JPEG, null, null, jpegs.get(i)));
        } catch (ImageRejectedException e) {
          // Counted in the timed pass below.
        }
      }
      long started = System.nanoTime();
      List<ModelInput> converted = new ArrayList<>(count);
      List<Integer> convertedIndex = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        try {
          converted.add(
              preprocessor.toModelInput(new Image(Encoding.JPEG, null, null, jpegs.get(i))));
          convertedIndex.add(i);
        } catch (ImageRejectedException e) {
          // A refused photo cannot be tagged: it counts as a miss.
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Items(images, gray8, converted, convertedIndex, count / seconds);
    }
  }

  /**
   * Measures the first {@code count} items of {@code images} with photos of {@code width x height}.
   */
  public static PhotoAccuracy measure(
      Predictor model, LabelledImages images, int count, int width, int height, long seed) {
    return measure(model, Items.of(images, count, width, height, seed));
  }

  /** Measures {@code model} on items already made. */
  public static PhotoAccuracy measure(Predictor model, Items items) {
    int count = items.gray8().size();
    int gray8Correct = correct(model, items.gray8(), indices(count), items.images());
    int photoCorrect = correct(model, items.photos(), items.photoIndex(), items.images());
    return new PhotoAccuracy(
        count,
        (double) gray8Correct / count,
        (double) photoCorrect / count,
        count - items.photos().size(),
        items.photosPerSecond());
  }

  private static int correct(
      Predictor model, List<ModelInput> inputs, List<Integer> itemIndex, LabelledImages images) {
    int correct = 0;
    for (int from = 0; from < inputs.size(); from += BATCH) {
      List<Prediction> predictions =
          model.predict(inputs.subList(from, Math.min(inputs.size(), from + BATCH)));
      for (int i = 0; i < predictions.size(); i++) {
        if (predictions.get(i).best().index() == images.label(itemIndex.get(from + i))) {
          correct++;
        }
      }
    }
    return correct;
  }

  private static List<Integer> indices(int count) {
    List<Integer> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(i);
    }
    return all;
  }
}
