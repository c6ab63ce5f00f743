package dev.producttagger.trainer.data;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The canonical Fashion-MNIST files shipped in the repository, loaded once per test JVM. */
public final class TestData {

  private static LabelledImages train;
  private static LabelledImages test;

  private TestData() {}

  /** The repository's data/fashion-mnist, as Maven passes it to the tests. */
  public static Path fashionMnistDirectory() {
    return Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist"));
  }

  public static synchronized LabelledImages fashionMnistTrain() {
    if (train == null) {
      try {
        train = FashionMnist.loadTrain(fashionMnistDirectory());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return train;
  }

  public static synchronized LabelledImages fashionMnistTest() {
    if (test == null) {
      try {
        test = FashionMnist.loadTest(fashionMnistDirectory());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return test;
  }
}
