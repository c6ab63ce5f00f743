package dev.producttagger.schemas.events;

import java.util.Objects;

/**
 * The model that tagged an upload.
 *
 * @param name the model's name, its key on the model topic
 * @param version the bundle version, at least 1
 * @param sha256 the bundle manifest's {@code weightsSha256}, lower-case hex
 */
public record ModelRef(String name, long version, String sha256) {

  public ModelRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
  }
}
