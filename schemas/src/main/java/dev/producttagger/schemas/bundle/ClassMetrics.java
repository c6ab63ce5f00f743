package dev.producttagger.schemas.bundle;

import java.util.Objects;

/**
 * How well a model does on one class of the test set.
 *
 * @param precision between 0 and 1
 * @param recall between 0 and 1
 * @param f1 between 0 and 1
 * @param support test examples of this class
 */
public record ClassMetrics(
    String className, double precision, double recall, double f1, int support) {

  public ClassMetrics {
    Objects.requireNonNull(className, "className");
  }
}
