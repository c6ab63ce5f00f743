package dev.producttagger.schemas.bundle;

import java.util.List;

/**
 * How well a model does.
 *
 * @param testAccuracy accuracy on the test set, between 0 and 1
 * @param validationAccuracy accuracy on the validation split; null when training used none
 * @param perClass precision, recall and F1 per class on the test set
 * @param reviewThreshold the confidence below which the trainer advises sending a tag to human
 *     review, chosen on validation data; null when it chose none
 */
public record Metrics(
    double testAccuracy,
    Double validationAccuracy,
    List<ClassMetrics> perClass,
    Double reviewThreshold) {

  public Metrics {
    perClass = List.copyOf(perClass);
  }
}
