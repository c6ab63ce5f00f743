package dev.producttagger.trainer.bundle;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Bundle files the trainer learns from: a teacher, or the base of a fine-tuning run. */
public final class FashionBundleFiles {

  private FashionBundleFiles() {}

  /**
   * The bundle in {@code file}, which must predict the ten Fashion-MNIST categories in label order.
   *
   * @param role what the bundle is to the run, such as "teacher", for the messages
   * @throws IOException if the file cannot be read, is not a valid bundle or predicts other classes
   */
  public static ModelBundle read(Path file, String role) throws IOException {
    ModelBundle bundle;
    try {
      bundle = ModelBundle.read(file, BundleLimits.DEFAULT, Optional.empty());
    } catch (InvalidBundleException e) {
      throw new IOException(
          role + " " + file + " is not a valid model bundle: " + e.getMessage(), e);
    }
    if (!bundle.manifest().classNames().equals(FashionCategories.NAMES)) {
      throw new IOException(
          role
              + " "
              + file
              + " predicts "
              + bundle.manifest().classNames()
              + ", not the ten Fashion-MNIST categories");
    }
    return bundle;
  }
}
