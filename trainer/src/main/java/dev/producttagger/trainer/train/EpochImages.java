package dev.producttagger.trainer.train;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.distill.TeacherTargets;
import java.util.Optional;

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

  /**
   * The targets a teacher gives epoch {@code epoch}'s images, row by row with {@link #of}, to be
   * mixed with their labels by the run's distillation weight; empty, the default, for labels alone.
   */
  default Optional<TeacherTargets> teacher(int epoch) {
    return Optional.empty();
  }

  /** The same images every epoch. */
  static EpochImages same(LabelledImages images) {
    return epoch -> images;
  }
}
