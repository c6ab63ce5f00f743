package dev.producttagger.trainer.train;

/**
 * The random streams of one epoch, each a pure function of the run's seed and the epoch number.
 * That makes the RNG state at any epoch boundary reproducible from (seed, epoch) alone: a run
 * resumed from its epoch-k checkpoint draws exactly the shuffle, augmentation, dropout masks and
 * replayed images that the uninterrupted run would have drawn in epoch k+1.
 *
 * @param replay which training images a fine-tuning epoch replays beside its examples
 */
public record EpochSeeds(long shuffle, long dropout, long replay) {

  public static EpochSeeds of(long runSeed, int epoch) {
    return new EpochSeeds(mix(runSeed, epoch, 1), mix(runSeed, epoch, 2), mix(runSeed, epoch, 3));
  }

  /** SplitMix64's finaliser over (seed, epoch, stream): nearby inputs give unrelated seeds. */
  private static long mix(long runSeed, int epoch, int stream) {
    long z = runSeed + 0x9E3779B97F4A7C15L * (4L * epoch + stream);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
