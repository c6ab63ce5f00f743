package dev.producttagger.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantKeepsTheInitialRate() {
    LearningRateSchedule schedule = LearningRateSchedule.parse("constant");
    assertEquals(0.001, schedule.rate(0.001, 1, 30));
    assertEquals(0.001, schedule.rate(0.001, 30, 30));
  }

  @Test
  void stepMultipliesByTheFactorEveryFewEpochs() {
    LearningRateSchedule schedule = LearningRateSchedule.parse("step:5:0.5");
    assertEquals(0.001, schedule.rate(0.001, 5, 30), 1e-15);
    assertEquals(0.0005, schedule.rate(0.001, 6, 30), 1e-15);
    assertEquals(0.00025, schedule.rate(0.001, 11, 30), 1e-15);
  }

  @Test
  void cosineFallsFromTheInitialRateTowardsTheFloor() {
    LearningRateSchedule schedule = LearningRateSchedule.parse("cosine:0.1");
    assertEquals(0.002, schedule.rate(0.002, 1, 10), 1e-15);
    assertEquals(0.0002 + 0.0018 * 0.5, schedule.rate(0.002, 6, 10), 1e-15);
    double last = schedule.rate(0.002, 10, 10);
    assertEquals(0.0002 + 0.0018 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), last, 1e-15);
    assertEquals(0.002, LearningRateSchedule.parse("cosine").rate(0.002, 1, 10), 1e-15);
  }

  @Test
  void specsRoundTrip() {
    for (String spec : new String[] {"constant", "step:3:0.1", "cosine:0.01"}) {
      assertEquals(spec, LearningRateSchedule.parse(spec).spec());
    }
    assertEquals("cosine:0.0", LearningRateSchedule.parse(" Cosine ").spec());
  }

  @Test
  void rejectsUnknownOrMalformedSpecs() {
    for (String spec :
        new String[] {
          "linear", "step:5", "step:0:0.5", "step:5:2", "cosine:x", "constant:1", "cosine:1"
        }) {
      assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(spec), spec);
    }
  }
}
