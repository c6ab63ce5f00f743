package dev.producttagger.kafka.topics;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic by name with the serdes of its keys and values, so that every client of it (the topology,
 * the load generator, the ops commands, the tests) reads and writes it the same way. Each serde
 * call makes a new serde: one per client or processor, never shared between threads.
 */
public final class Topic<K, V> {

  private final String name;
  private final Supplier<? extends Serde<K>> keys;
  private final Supplier<? extends Serde<V>> values;

  private Topic(
      String name, Supplier<? extends Serde<K>> keys, Supplier<? extends Serde<V>> values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name");
    }
    this.name = name;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.values = Objects.requireNonNull(values, "values");
  }

  public static <K, V> Topic<K, V> of(
      String name, Supplier<? extends Serde<K>> keys, Supplier<? extends Serde<V>> values) {
    return new Topic<>(name, keys, values);
  }

  public String name() {
    return name;
  }

  /** The same kind of topic under another name, such as one given on the command line. */
  public Topic<K, V> named(String otherName) {
    return new Topic<>(otherName, keys, values);
  }

  public Serde<K> keySerde() {
    return keys.get();
  }

  public Serde<V> valueSerde() {
    return values.get();
  }

  @Override
  public String toString() {
    return name;
  }
}
