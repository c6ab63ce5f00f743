package dev.producttagger.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the bytes of an {@link Image} are encoded; lower-case in JSON. */
public enum Encoding {
  /** Raw 8-bit gray rows, Fashion-MNIST's convention: 0 = background, 255 = ink. */
  @JsonProperty("gray8")
  GRAY8,
  @JsonProperty("png")
  PNG,
  @JsonProperty("jpeg")
  JPEG
}
