package dev.producttagger.benchmarks.harness;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.network.ChannelsLast;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.DataParallelGradient;
import dev.producttagger.trainer.train.MiniBatches;
import dev.producttagger.trainer.train.Trainer;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training images/s of one architecture at one batch size, ND4J thread count, replica count and
 * image layout: the same minibatch pipeline and {@code fit} call as {@link Trainer}, without
 * validation or checkpoints.
 */
public record TrainingThroughput(
    Architecture architecture,
    int batchSize,
    int threads,
    int replicas,
    Layout layout,
    double imagesPerSecond) {

  /** How the training images and activations are laid out. */
  public enum Layout {
    /** [n, channels, rows, columns]: how the trainer trains. */
    CHANNELS_FIRST,
    /** [n, rows, columns, channels]: the {@link ChannelsLast} twin the tagger serves. */
    CHANNELS_LAST;

    /** As a report names it: "channels first" or "channels last". */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * Trains a fresh network on {@code warmUpImages} then {@code timedImages} of {@code images}
   * (wrapping around), timing only the second part.
   *
   * @param replicas copies of the network sharing each minibatch, as {@code trainer train
   *     --replicas} trains ({@link DataParallelGradient}); 1 for one network
   */
  public static TrainingThroughput measure(
      Architecture architecture,
      LabelledImages images,
      int batchSize,
      int threads,
      int replicas,
      Layout layout,
      int warmUpImages,
      int timedImages) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    MultiLayerNetwork network = architecture.newNetwork(1, 1e-3, architecture.defaultDropoutRate());
    boolean channelsLast = layout == Layout.CHANNELS_LAST;
    if (channelsLast) {
      network =
          ChannelsLast.of(network)
              .orElseThrow(() -> new IllegalArgumentException(architecture + " has no NHWC twin"));
    }
    DataParallelGradient parallel = null;
    if (replicas > 1) {
      parallel = new DataParallelGradient(network, replicas);
      network.setListeners(parallel);
    }
    try {
      train(network, parallel, images, batchSize, channelsLast, warmUpImages, 1);
      long started = System.nanoTime();
      int trained = train(network, parallel, images, batchSize, channelsLast, timedImages, 2);
      double seconds = (System.nanoTime() - started) / 1e9;
      return new TrainingThroughput(
          architecture, batchSize, threads, replicas, layout, trained / seconds);
    } finally {
      if (parallel != null) {
        parallel.close();
      }
    }
  }

  private static int train(
      MultiLayerNetwork network,
      DataParallelGradient parallel,
      LabelledImages images,
      int batchSize,
      boolean channelsLast,
      int count,
      long seed) {
    int trained = 0;
    MiniBatches batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed);
    while (trained < count) {
      if (!batches.hasNext()) {
        batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed + trained);
      }
      MiniBatches.Batch batch = batches.next();
      DataSet dataSet = batch.dataSet();
      if (channelsLast) {
        // One channel: [n, 1, h, w] and [n, h, w, 1] hold the same floats in the same order.
        INDArray features = dataSet.getFeatures();
        dataSet.setFeatures(
            features.reshape(features.size(0), features.size(2), features.size(3), 1));
      }
      network.fit(parallel == null ? dataSet : parallel.begin(dataSet, batch.labels()).dataSet());
      trained += batch.size();
    }
    return trained;
  }
}
