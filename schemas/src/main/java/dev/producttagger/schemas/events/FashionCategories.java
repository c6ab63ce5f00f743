package dev.producttagger.schemas.events;

import java.util.List;
import java.util.Optional;

/** The categories of Fashion-MNIST, in label order: a model's output i is {@code NAMES.get(i)}. */
public final class FashionCategories {

  /** The ten class names, as Zalando's dataset documents them for labels 0 to 9. */
  public static final List<String> NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionCategories() {}

  /**
   * Why {@code category} is not one of these, if it is not: a model's output i is {@code
   * NAMES.get(i)}, so index and name must agree.
   */
  public static Optional<String> problemWith(Category category) {
    if (category.index() < 0 || category.index() >= NAMES.size()) {
      return Optional.of("label index " + category.index() + " is outside 0-" + (NAMES.size() - 1));
    }
    if (!NAMES.get(category.index()).equals(category.name())) {
      return Optional.of(
          "label "
              + category.index()
              + " is \""
              + NAMES.get(category.index())
              + "\", not \""
              + category.name()
              + "\"");
    }
    return Optional.empty();
  }
}
