package dev.producttagger.trainer.bundle;

import java.time.Instant;
import java.util.Objects;

/**
 * What a bundle is called and when and by what it was made.
 *
 * @param name the model's name, also its key on the model topic
 * @param version at least 1; increases with every bundle published
 * @param trainer the program that made it, such as "trainer 0.1.0"
 */
public record BundleIdentity(String name, long version, Instant createdAt, String trainer) {

  public BundleIdentity {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a bundle needs a name that is not blank");
    }
    if (version < 1) {
      throw new IllegalArgumentException("bundle versions start at 1, not " + version);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(trainer, "trainer");
  }
}
