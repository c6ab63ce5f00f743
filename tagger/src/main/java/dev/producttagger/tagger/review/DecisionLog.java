package dev.producttagger.tagger.review;

import dev.producttagger.schemas.events.TagDecided;
import java.io.IOException;

/** Where reviewers' decisions go: the decisions topic, which the tagger's topology reads. */
public interface DecisionLog {

  /**
   * Appends {@code decision} to {@code partition} of the decisions topic, the partition of the
   * upload it answers, and returns once the broker has it.
   *
   * @return where it was written, as "partition@offset"
   * @throws IOException if the broker did not take it
   */
  String append(TagDecided decision, int partition) throws IOException;
}
