package dev.producttagger.benchmarks.harness;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.MiniBatches;
import dev.producttagger.trainer.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training images/s of one architecture at one batch size and ND4J thread count: the same minibatch
 * pipeline and {@code fit} call as {@link Trainer}, without validation or checkpoints.
 */
public record TrainingThroughput(
    Architecture architecture, int batchSize, int threads, double imagesPerSecond) {

  /**
   * Trains a fresh network on {@code warmUpImages} then {@code timedImages} of {@code images}
   * (wrapping around), timing only the second part.
   */
  public static TrainingThroughput measure(
      Architecture architecture,
      LabelledImages images,
      int batchSize,
      int threads,
      int warmUpImages,
      int timedImages) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    MultiLayerNetwork network = architecture.newNetwork(1, 1e-3, architecture.defaultDropoutRate());
    train(network, images, batchSize, warmUpImages, 1);
    long started = System.nanoTime();
    int trained = train(network, images, batchSize, timedImages, 2);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new TrainingThroughput(architecture, batchSize, threads, trained / seconds);
  }

  private static int train(
      MultiLayerNetwork network, LabelledImages images, int batchSize, int count, long seed) {
    int trained = 0;
    MiniBatches batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed);
    while (trained < count) {
      if (!batches.hasNext()) {
        batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed + trained);
      }
      MiniBatches.Batch batch = batches.next();
      network.fit(batch.dataSet());
      trained += batch.size();
    }
    return trained;
  }
}
