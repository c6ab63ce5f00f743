package dev.producttagger.trainer.report;

/**
 * One test image as the network classified it.
 *
 * @param index the image's position in the test set
 * @param confidence the probability of the predicted class
 */
public record TestSample(int index, int actual, int predicted, float confidence) {

  public boolean correct() {
    return actual == predicted;
  }
}
