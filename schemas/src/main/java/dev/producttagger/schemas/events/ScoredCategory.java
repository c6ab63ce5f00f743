package dev.producttagger.schemas.events;

import java.util.Objects;

/**
 * A category with the model's probability for it.
 *
 * @param index position in the model's class names
 * @param probability between 0 and 1
 */
public record ScoredCategory(int index, String name, double probability) {

  public ScoredCategory {
    Objects.requireNonNull(name, "name");
  }
}
