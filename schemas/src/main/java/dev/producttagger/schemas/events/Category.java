package dev.producttagger.schemas.events;

import java.util.Objects;

/**
 * A category a model can give.
 *
 * @param index position in the model's class names
 * @param name the class name, such as "Sneaker"
 */
public record Category(int index, String name) {

  public Category {
    Objects.requireNonNull(name, "name");
  }
}
