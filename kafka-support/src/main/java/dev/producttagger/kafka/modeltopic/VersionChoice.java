package dev.producttagger.kafka.modeltopic;

import java.util.OptionalLong;

/** Which version a bundle is published as; anything but its own rewrites the manifest. */
public sealed interface VersionChoice {

  /** The version in the bundle's manifest. */
  record Own() implements VersionChoice {
    @Override
    public long resolve(long own, OptionalLong highestPublished) {
      return own;
    }
  }

  /** One above the highest version on the topic; 1 on an empty topic. */
  record Auto() implements VersionChoice {
    @Override
    public long resolve(long own, OptionalLong highestPublished) {
      return highestPublished.orElse(0) + 1;
    }
  }

  /** A given version, at least 1. */
  record Exactly(long version) implements VersionChoice {
    public Exactly {
      if (version < 1) {
        throw new IllegalArgumentException("versions start at 1, not " + version);
      }
    }

    @Override
    public long resolve(long own, OptionalLong highestPublished) {
      return version;
    }
  }

  /** The version to publish as, given the bundle's own and the highest already on the topic. */
  long resolve(long own, OptionalLong highestPublished);

  /** {@code auto} or a number. */
  static VersionChoice parse(String text) {
    if (text.equals("auto")) {
      return new Auto();
    }
    try {
      return new Exactly(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a version is 'auto' or a whole number, not '" + text + "'", e);
    }
  }
}
