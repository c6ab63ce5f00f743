package dev.producttagger.tagger.topology;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The eventIds one task received within the duplicate window: its changelogged window store, which
 * decides, with Bloom filters (Guava's) in front of it. Nearly every upload is new, and asking the
 * store opens a RocksDB iterator on each segment the window spans, which made the duplicate check
 * an eighth of the stream threads' samples in a profile of the end-to-end benchmark
 * (docs/benchmarks/2026-12-speed-log.md); a filter that never saw the id answers without the store.
 * A filter's false positive only costs that lookup, so an answer is always the store's.
 *
 * <p>The filters hold the ids by generation, {@code floor(timestamp / window)}: an id recorded at
 * {@code t} can only repeat at {@code t'} with {@code |t - t'| <= window}, within one generation of
 * {@code t'}. A generation ends up in several filters, each twice the size of the last, as it
 * fills. Generations whose ids the store no longer returns are dropped whole, so memory follows the
 * traffic of about two windows. Built from the store's contents, as restored; Kafka Streams may
 * wipe and restore a task's state and call {@code init} again, so the processor builds a new one in
 * every {@code init}.
 */
final class RecentEventIds {

  /** Ids the first filter of a generation holds at its false-positive rate (about 80 KB). */
  static final int FIRST_FILTER_CAPACITY = 65_536;

  private static final double FALSE_POSITIVE_RATE = 0.01;

  private final WindowStore<String, Long> store;
  private final long windowMs;
  private final int firstFilterCapacity;
  private final NavigableMap<Long, Generation> generations = new TreeMap<>();
  private long latestGeneration = Long.MIN_VALUE;

  RecentEventIds(WindowStore<String, Long> store, Duration window) {
    this(store, window, FIRST_FILTER_CAPACITY);
  }

  RecentEventIds(WindowStore<String, Long> store, Duration window, int firstFilterCapacity) {
    this.store = store;
    this.windowMs = window.toMillis();
    this.firstFilterCapacity = firstFilterCapacity;
    try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Windowed<String>, Long> entry = all.next();
        remember(entry.key.key(), entry.key.window().start());
      }
    }
  }

  /** Whether {@code eventId} was recorded at most a window before or after {@code timestamp}. */
  boolean contains(String eventId, long timestamp) {
    if (!mightContain(eventId, generation(timestamp))) {
      return false;
    }
    long from = Math.max(0, timestamp - windowMs);
    try (WindowStoreIterator<Long> seen = store.fetch(eventId, from, timestamp + windowMs)) {
      return seen.hasNext();
    }
  }

  /** Records {@code eventId} as received at {@code timestamp}. */
  void add(String eventId, long timestamp) {
    store.put(eventId, timestamp, timestamp);
    remember(eventId, timestamp);
  }

  /** How many generations have filters: for tests of the memory bound. */
  int generationsHeld() {
    return generations.size();
  }

  /** Whether a filter of the generation or either neighbour might hold {@code eventId}. */
  private boolean mightContain(String eventId, long generation) {
    for (Generation near :
        generations.subMap(generation - 1, true, generation + 1, true).values()) {
      if (near.mightContain(eventId)) {
        return true;
      }
    }
    return false;
  }

  private void remember(String eventId, long timestamp) {
    long generation = generation(timestamp);
    generations.computeIfAbsent(generation, g -> new Generation(firstFilterCapacity)).put(eventId);
    if (generation > latestGeneration) {
      latestGeneration = generation;
      // The store returns no id older than its latest timestamp minus the window, so none from a
      // generation before the latest's previous one.
      generations.headMap(latestGeneration - 1).clear();
    }
  }

  private long generation(long timestamp) {
    return Math.floorDiv(timestamp, windowMs);
  }

  /**
   * One generation's filters; the newest takes the ids and is replaced, twice as big, when full.
   */
  private static final class Generation {

    private final List<BloomFilter<CharSequence>> filters = new ArrayList<>();
    private long capacity;
    private long held;

    Generation(long firstCapacity) {
      capacity = firstCapacity;
      filters.add(newFilter(capacity));
    }

    void put(String eventId) {
      if (held == capacity) {
        capacity *= 2;
        held = 0;
        filters.add(newFilter(capacity));
      }
      filters.get(filters.size() - 1).put(eventId);
      held++;
    }

    boolean mightContain(String eventId) {
      for (BloomFilter<CharSequence> filter : filters) {
        if (filter.mightContain(eventId)) {
          return true;
        }
      }
      return false;
    }

    private static BloomFilter<CharSequence> newFilter(long capacity) {
      return BloomFilter.create(
          Funnels.stringFunnel(StandardCharsets.UTF_8), capacity, FALSE_POSITIVE_RATE);
    }
  }
}
