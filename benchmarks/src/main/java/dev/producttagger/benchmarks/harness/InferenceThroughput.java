package dev.producttagger.benchmarks.harness;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.ServingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images per second through {@link ServingModel#predict} for one batch size and thread count
 * (ND4J's and OpenBLAS'): the tagger's own inference path, tensor building included. With several
 * models, each batch goes through all of them, as the tagger runs a shadow model beside the serving
 * one.
 */
public record InferenceThroughput(int batchSize, int threads, double imagesPerSecond) {

  /** Runs warm-up batches, then timed batches until about {@code seconds} have passed. */
  public static InferenceThroughput measure(
      ServingModel model, int batchSize, int threads, double seconds) {
    return measure(List.of(model), batchSize, threads, seconds);
  }

  /** Each batch through every one of {@code models}; an image counts once. */
  public static InferenceThroughput measure(
      List<ServingModel> models, int batchSize, int threads, double seconds) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    // OpenBLAS keeps a thread count of its own: the BLAS forward pass and DL4J's dense layers use
    // it.
    Nd4j.factory().blas().setMaxThreads(threads);
    Random random = new Random(batchSize);
    List<ModelInput> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      byte[] pixels = new byte[ModelInput.PIXELS];
      random.nextBytes(pixels);
      batch.add(new ModelInput(pixels));
    }
    long warmUntil = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      models.forEach(model -> model.predict(batch));
    }
    long started = System.nanoTime();
    long images = 0;
    while (System.nanoTime() - started < seconds * 1e9) {
      models.forEach(model -> model.predict(batch));
      images += batchSize;
    }
    return new InferenceThroughput(
        batchSize, threads, images / ((System.nanoTime() - started) / 1e9));
  }
}
