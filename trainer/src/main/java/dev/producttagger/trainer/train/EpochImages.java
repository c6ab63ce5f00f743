package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;

/**
 * The images one epoch trains on. {@code train} trains on the same split every epoch; {@code
 * fine-tune} draws a fresh replay of training images to go with its examples each epoch. Whatever
 * varies must be a pure function of the run and the epoch, so a resumed run sees what the
 * uninterrupted one would have.
 */
@FunctionalInterface
public interface EpochImages {

  /** The training images of epoch {@code epoch} (1-based). */
  LabelledImages of(int epoch);

  /** The same images every epoch. */
  static EpochImages same(LabelledImages images) {
    return epoch -> images;
  }
}
