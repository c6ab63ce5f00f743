package dev.producttagger.runtime;

import java.util.List;

/**
 * What the model says about one image.
 *
 * @param top the best classes, most probable first; the first is the predicted category
 */
public record Prediction(List<ScoredClass> top) {

  /** One class with its probability. */
  public record ScoredClass(int index, String name, double probability) {}

  public Prediction {
    if (top.isEmpty()) {
      throw new IllegalArgumentException("a prediction needs at least one class");
    }
    top = List.copyOf(top);
  }

  public ScoredClass best() {
    return top.get(0);
  }

  public double confidence() {
    return best().probability();
  }
}
