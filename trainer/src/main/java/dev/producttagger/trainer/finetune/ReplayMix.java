package dev.producttagger.trainer.finetune;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.train.EpochImages;
import dev.producttagger.trainer.train.EpochSeeds;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * One fine-tuning epoch's images: every labelled example, plus {@code replayRatio} times as many
 * Fashion-MNIST training images drawn without replacement, a fresh draw each epoch. The replay
 * keeps the network practising what it already knew while it learns the examples, so it does not
 * forget the catalogue's 28x28 images for the sake of a few hundred seller photos. Each epoch's
 * draw is a function of the run's seed and the epoch alone, so a resumed run replays what the
 * uninterrupted one would have.
 *
 * <p>With the base's probabilities for the training images, the replayed images are also taught by
 * the base (learning without forgetting): {@link #teacher} gives each replayed image the base's
 * answer and each example its reviewer's label.
 */
public final class ReplayMix implements EpochImages {

  private final LabelledImages examples;
  private final LabelledImages trainingImages;
  private final TeacherTargets baseTargets;
  private final int replayedPerEpoch;
  private final long seed;

  /**
   * @param trainingImages the Fashion-MNIST training images to replay from; never the test images,
   *     which measure the fine-tuned model
   * @param baseTargets the base's probabilities for each of {@code trainingImages}, or null to
   *     replay them with their labels alone
   * @throws IllegalArgumentException if the ratio is negative or asks for more images than there
   *     are
   */
  public ReplayMix(
      LabelledImages examples,
      LabelledImages trainingImages,
      double replayRatio,
      TeacherTargets baseTargets,
      long seed) {
    checkRatio(replayRatio);
    long replayed = Math.round(replayRatio * examples.size());
    if (replayed > trainingImages.size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "--replay-ratio %s with %,d examples replays %,d images per epoch; there are %,d"
                  + " training images",
              replayRatio,
              examples.size(),
              replayed,
              trainingImages.size()));
    }
    this.examples = examples;
    this.trainingImages = trainingImages;
    this.baseTargets = baseTargets;
    this.replayedPerEpoch = (int) replayed;
    this.seed = seed;
  }

  static void checkRatio(double replayRatio) {
    if (!(replayRatio >= 0) || Double.isInfinite(replayRatio)) {
      throw new IllegalArgumentException("--replay-ratio must be at least 0, not " + replayRatio);
    }
  }

  public int replayedPerEpoch() {
    return replayedPerEpoch;
  }

  /** The examples first, then the epoch's replayed images; minibatches shuffle them together. */
  @Override
  public LabelledImages of(int epoch) {
    LabelledImages replayed = trainingImages.select(draw(epoch));
    int total = examples.size() + replayed.size();
    byte[] pixels = new byte[total * LabelledImages.PIXELS_PER_IMAGE];
    byte[] labels = new byte[total];
    for (int i = 0; i < total; i++) {
      LabelledImages from = i < examples.size() ? examples : replayed;
      int image = i < examples.size() ? i : i - examples.size();
      System.arraycopy(
          from.image(image),
          0,
          pixels,
          i * LabelledImages.PIXELS_PER_IMAGE,
          LabelledImages.PIXELS_PER_IMAGE);
      labels[i] = (byte) from.label(image);
    }
    return new LabelledImages(pixels, labels);
  }

  /**
   * Row by row with {@link #of}: each example's label as a one-hot row, each replayed image's base
   * probabilities; empty without base targets.
   */
  @Override
  public Optional<TeacherTargets> teacher(int epoch) {
    if (baseTargets == null) {
      return Optional.empty();
    }
    int[] drawn = draw(epoch);
    float[][] rows = new float[examples.size() + drawn.length][];
    for (int i = 0; i < examples.size(); i++) {
      rows[i] = new float[LabelledImages.CLASS_COUNT];
      rows[i][examples.label(i)] = 1;
    }
    for (int i = 0; i < drawn.length; i++) {
      rows[examples.size() + i] = baseTargets.of(drawn[i]);
    }
    return Optional.of(TeacherTargets.of(rows));
  }

  /**
   * Epoch {@code epoch}'s {@link #replayedPerEpoch} distinct indices: the first steps of a
   * Fisher-Yates shuffle seeded by the run and the epoch.
   */
  private int[] draw(int epoch) {
    Random random = new Random(EpochSeeds.of(seed, epoch).replay());
    int[] indices = new int[trainingImages.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i;
    }
    int[] drawn = new int[replayedPerEpoch];
    for (int i = 0; i < replayedPerEpoch; i++) {
      int j = i + random.nextInt(indices.length - i);
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
      drawn[i] = indices[i];
    }
    return drawn;
  }
}
