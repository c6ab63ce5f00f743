package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.TrainingInput;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One epoch's minibatches: the images in a seeded random order, scaled (and augmented when asked),
 * as NCHW feature tensors with their {@link TrainingTargets}. The last batch may be smaller.
 */
public final class MiniBatches implements Iterator<MiniBatches.Batch> {

  /** A minibatch and its labels as class indices. */
  public record Batch(DataSet dataSet, int[] labels) {
    public int size() {
      return labels.length;
    }
  }

  private final LabelledImages images;
  private final int batchSize;
  private final Random random;
  private final Augmentation augmentation;
  private final TrainingTargets targets;
  private final int[] order;
  private int next;

  public MiniBatches(
      LabelledImages images,
      int batchSize,
      Augmentation augmentation,
      double labelSmoothing,
      long seed) {
    this(images, batchSize, augmentation, TrainingTargets.labels(labelSmoothing), seed);
  }

  MiniBatches(
      LabelledImages images,
      int batchSize,
      Augmentation augmentation,
      TrainingTargets targets,
      long seed) {
    this.images = images;
    this.batchSize = batchSize;
    this.augmentation = augmentation;
    this.targets = targets;
    this.random = new Random(seed);
    this.order = shuffledIndices(images.size(), random);
  }

  @Override
  public boolean hasNext() {
    return next < order.length;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int size = Math.min(batchSize, order.length - next);
    float[] pixels = new float[size * LabelledImages.PIXELS_PER_IMAGE];
    int[] labels = new int[size];
    int[] imageIndices = new int[size];
    for (int i = 0; i < size; i++) {
      int image = order[next + i];
      int offset = i * LabelledImages.PIXELS_PER_IMAGE;
      augmentation.write(images, image, random, pixels, offset);
      labels[i] = images.label(image);
      imageIndices[i] = image;
    }
    next += size;
    return new Batch(
        new DataSet(TrainingInput.features(pixels, size), targets.of(imageIndices, labels)),
        labels);
  }

  /** A Fisher-Yates permutation of 0..n-1. */
  private static int[] shuffledIndices(int n, Random random) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
    }
    return indices;
  }
}
