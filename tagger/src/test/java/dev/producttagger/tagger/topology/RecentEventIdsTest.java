package dev.producttagger.tagger.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final long W = WINDOW.toMillis();

  /** A timestamp at the start of a generation, so tests can cross generation boundaries. */
  private static final long T = 1_000 * W;

  private WindowStore<String, Long> store;

  @BeforeEach
  void setUp() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    store =
        Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore(TaggerTopology.EVENT_ID_STORE, WINDOW, WINDOW, false),
                Serdes.String(),
                Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
  }

  @Test
  void anIdIsSeenAgainForAWindowEitherSideOfItsTimestamp() {
    RecentEventIds ids = new RecentEventIds(store, WINDOW);
    ids.add("e-1", T + W / 2);

    assertTrue(ids.contains("e-1", T + W / 2));
    assertTrue(ids.contains("e-1", T + W / 2 + W));
    assertTrue(ids.contains("e-1", T - W / 2));
    assertFalse(ids.contains("e-1", T + W / 2 + W + 1));
    assertFalse(ids.contains("e-1", T - W / 2 - 1));
    assertFalse(ids.contains("e-2", T + W / 2));
  }

  @Test
  void anIdIsSeenAcrossAGenerationBoundaryInBothDirections() {
    RecentEventIds ids = new RecentEventIds(store, WINDOW);
    ids.add("late-in-one", T + W - 1);
    ids.add("early-in-the-next", T + W);

    assertTrue(ids.contains("late-in-one", T + 2 * W - 2));
    assertTrue(ids.contains("early-in-the-next", T + 1));
  }

  /** A task restored after a restart finds the ids its store held; the filters start empty. */
  @Test
  void idsTheStoreHeldBeforehandAreSeen() {
    store.put("restored", T, T);

    RecentEventIds ids = new RecentEventIds(store, WINDOW);

    assertTrue(ids.contains("restored", T + W / 2));
    assertFalse(ids.contains("never-sent", T + W / 2));
  }

  /** Filters that fill up grow, and their false positives are answered by the store. */
  @Test
  void noIdIsMissedAndNoNewIdIsCalledSeenBeyondAFilterCapacity() {
    RecentEventIds ids = new RecentEventIds(store, WINDOW, 64);
    int count = 5_000;
    for (int i = 0; i < count; i++) {
      ids.add("sent-" + i, T + i);
    }

    for (int i = 0; i < count; i++) {
      assertTrue(ids.contains("sent-" + i, T + count), "sent-" + i);
      assertFalse(ids.contains("new-" + i, T + count), "new-" + i);
    }
  }

  /** Memory follows the window: generations the store no longer answers for are dropped. */
  @Test
  void generationsOutsideTheStoresReachAreDropped() {
    RecentEventIds ids = new RecentEventIds(store, WINDOW);
    for (int generation = 0; generation < 10; generation++) {
      ids.add("e-" + generation, T + generation * W);
    }
    // Out of order, in the generation before the latest: still within the store's reach.
    ids.add("late", T + 9 * W - W / 2);

    assertEquals(2, ids.generationsHeld());
    assertTrue(ids.contains("late", T + 9 * W));
    assertTrue(ids.contains("e-9", T + 9 * W));
  }
}
