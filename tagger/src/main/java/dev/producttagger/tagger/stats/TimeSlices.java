package dev.producttagger.tagger.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Accumulators, one per slice of wall-clock time, in a ring that covers the longest window asked
 * for. A slot is reset and reused once its slice falls out of the ring, so memory stays fixed
 * however long the tagger runs and however much it tags. Not thread-safe: {@link TaggerStatistics}
 * guards it.
 *
 * @param <T> what one slice accumulates, such as counters or a histogram
 */
final class TimeSlices<T> {

  private final long sliceMillis;
  private final long[] sliceOfSlot;
  private final List<T> slots;
  private final Consumer<T> reset;

  /**
   * @param slices how many of the most recent slices are kept
   * @param sliceMillis how long one slice lasts
   */
  TimeSlices(int slices, long sliceMillis, Supplier<T> create, Consumer<T> reset) {
    this.sliceMillis = sliceMillis;
    this.sliceOfSlot = new long[slices];
    Arrays.fill(sliceOfSlot, Long.MIN_VALUE);
    this.slots = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      slots.add(create.get());
    }
    this.reset = reset;
  }

  /** The accumulator of the slice holding {@code epochMillis}, emptied first if reused. */
  T at(long epochMillis) {
    long slice = Math.floorDiv(epochMillis, sliceMillis);
    int slot = (int) Math.floorMod(slice, (long) sliceOfSlot.length);
    if (sliceOfSlot[slot] != slice) {
      sliceOfSlot[slot] = slice;
      reset.accept(slots.get(slot));
    }
    return slots.get(slot);
  }

  /** The accumulators of the {@code count} slices up to and including the one holding now. */
  List<T> latest(long nowEpochMillis, int count) {
    if (count > sliceOfSlot.length) {
      throw new IllegalArgumentException(
          "the ring keeps " + sliceOfSlot.length + " slices, not " + count);
    }
    long now = Math.floorDiv(nowEpochMillis, sliceMillis);
    List<T> latest = new ArrayList<>(count);
    for (int slot = 0; slot < sliceOfSlot.length; slot++) {
      long age = now - sliceOfSlot[slot];
      if (age >= 0 && age < count) {
        latest.add(slots.get(slot));
      }
    }
    return latest;
  }
}
