package dev.producttagger.trainer.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeGarbageTest {

  private static final long GB = 1L << 30;

  @Test
  void notDueWhileTheProcessStaysNearItsSizeAfterTheFirstStep() {
    NativeGarbage garbage = new NativeGarbage();
    assertFalse(garbage.due(3 * GB));
    for (int step = 0; step < 100; step++) {
      assertFalse(garbage.due(4 * GB - 1), "step " + step);
    }
  }

  @Test
  void dueOnceTheProcessGrewByTheAllowanceAndThenAtMostEveryTenSteps() {
    NativeGarbage garbage = new NativeGarbage();
    garbage.due(3 * GB);
    List<Integer> collected = new ArrayList<>();
    for (int step = 1; step <= 30; step++) {
      if (garbage.due(4 * GB + 1)) {
        collected.add(step);
      }
    }
    assertEquals(List.of(9, 19, 29), collected);
  }

  @Test
  void theFirstStepSetsTheBaselineWhateverItsSize() {
    NativeGarbage garbage = new NativeGarbage();
    assertFalse(garbage.due(20 * GB));
    for (int step = 0; step < 20; step++) {
      assertFalse(garbage.due(20 * GB));
    }
    boolean dueAtSomePoint = false;
    for (int step = 0; step < 10; step++) {
      dueAtSomePoint |= garbage.due(22 * GB);
    }
    assertTrue(dueAtSomePoint);
  }
}
