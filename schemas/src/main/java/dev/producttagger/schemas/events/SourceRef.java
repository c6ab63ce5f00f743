package dev.producttagger.schemas.events;

import java.util.Objects;

/** The input record an event answers: where it was on the event bus. */
public record SourceRef(String topic, int partition, long offset) {

  public SourceRef {
    Objects.requireNonNull(topic, "topic");
  }
}
