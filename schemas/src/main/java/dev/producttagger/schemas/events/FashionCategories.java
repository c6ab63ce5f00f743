package dev.producttagger.schemas.events;

import java.util.List;

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
}
