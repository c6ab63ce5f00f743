package dev.producttagger.benchmarks.harness;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.network.ChannelsLast;
import dev.producttagger.trainer.blas.BlasStep;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.samediff.SameDiffStep;
import dev.producttagger.trainer.step.MinibatchStep;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.DataParallelGradient;
import dev.producttagger.trainer.train.MiniBatches;
import dev.producttagger.trainer.train.Trainer;
import dev.producttagger.trainer.train.TrainingEngine;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training images/s of one architecture at one batch size, ND4J thread count, replica count, image
 * layout and engine: the same minibatch pipeline and {@code fit} call as {@link Trainer}, without
 * validation or checkpoints.
 */
public record TrainingThroughput(
    Architecture architecture,
    int batchSize,
    int threads,
    int replicas,
    Layout layout,
    TrainingEngine engine,
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
   * @param engine DL4J's {@code fit}, the trainer's {@link SameDiffStep} computing in {@code
   *     layout} from the channels-first network the trainer trains, or its {@link BlasStep}, which
   *     computes channels last whatever {@code layout} says
   */
  public static TrainingThroughput measure(
      Architecture architecture,
      LabelledImages images,
      int batchSize,
      int threads,
      int replicas,
      Layout layout,
      TrainingEngine engine,
      int warmUpImages,
      int timedImages) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    if (engine != TrainingEngine.DL4J) {
      Nd4j.factory().blas().setMaxThreads(threads);
      try (MinibatchStep step =
          engine == TrainingEngine.SAMEDIFF
              ? SameDiffStep.of(network(architecture), layout == Layout.CHANNELS_LAST, replicas)
              : BlasStep.of(network(architecture), replicas)) {
        double perSecond = timed(step::fit, images, batchSize, warmUpImages, timedImages);
        return new TrainingThroughput(
            architecture, batchSize, threads, replicas, layout, engine, perSecond);
      }
    }
    MultiLayerNetwork network = network(architecture, layout);
    DataParallelGradient parallel =
        replicas > 1 ? new DataParallelGradient(network, replicas) : null;
    if (parallel != null) {
      network.setListeners(parallel);
    }
    try {
      Step step =
          (batch, labels) -> {
            DataSet dataSet = inLayout(batch, layout);
            network.fit(parallel == null ? dataSet : parallel.begin(dataSet, labels).dataSet());
          };
      double perSecond = timed(step, images, batchSize, warmUpImages, timedImages);
      return new TrainingThroughput(
          architecture, batchSize, threads, replicas, layout, engine, perSecond);
    } finally {
      if (parallel != null) {
        parallel.close();
      }
    }
  }

  /** A fresh DL4J network of {@code architecture}, as the trainer trains it. */
  private static MultiLayerNetwork network(Architecture architecture) {
    return architecture.newNetwork(1, 1e-3, architecture.defaultDropoutRate());
  }

  /** A fresh DL4J network of {@code architecture}, in {@code layout}. */
  private static MultiLayerNetwork network(Architecture architecture, Layout layout) {
    MultiLayerNetwork network = network(architecture);
    if (layout == Layout.CHANNELS_FIRST) {
      return network;
    }
    return ChannelsLast.of(network)
        .orElseThrow(() -> new IllegalArgumentException(architecture + " has no NHWC twin"));
  }

  /**
   * {@code batch} as {@code layout} lays images out. One channel: [n, 1, h, w] and [n, h, w, 1]
   * hold the same floats in the same order, so channels last is a reshape.
   */
  private static DataSet inLayout(DataSet batch, Layout layout) {
    if (layout == Layout.CHANNELS_FIRST) {
      return batch;
    }
    INDArray features = batch.getFeatures();
    return new DataSet(
        features.reshape(features.size(0), features.size(2), features.size(3), 1),
        batch.getLabels());
  }

  /** One training step on a channels-first minibatch and its labels. */
  private interface Step {
    void fit(DataSet batch, int[] labels);
  }

  private static double timed(
      Step step, LabelledImages images, int batchSize, int warmUpImages, int timedImages) {
    train(step, images, batchSize, warmUpImages, 1);
    long started = System.nanoTime();
    int trained = train(step, images, batchSize, timedImages, 2);
    return trained / ((System.nanoTime() - started) / 1e9);
  }

  private static int train(Step step, LabelledImages images, int batchSize, int count, long seed) {
    int trained = 0;
    MiniBatches batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed);
    while (trained < count) {
      if (!batches.hasNext()) {
        batches = new MiniBatches(images, batchSize, Augmentation.NONE, 0, seed + trained);
      }
      MiniBatches.Batch batch = batches.next();
      step.fit(batch.dataSet(), batch.labels());
      trained += batch.size();
    }
    return trained;
  }
}
