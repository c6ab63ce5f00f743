package dev.producttagger.tagger.it;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import java.io.IOException;
import java.nio.file.Path;

/** The Fashion-MNIST test images the build's surefire/failsafe configuration points at. */
final class FashionMnistTestSet {

  private FashionMnistTestSet() {}

  static LabelledImages load() throws IOException {
    return FashionMnist.loadTest(
        Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")));
  }
}
