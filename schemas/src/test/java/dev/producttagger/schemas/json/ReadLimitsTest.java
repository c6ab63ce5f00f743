package dev.producttagger.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReadLimitsTest {

  @Test
  void aBinaryPayloadLimitAllowsExactlyItsBase64Text() {
    assertEquals(22_369_624, ReadLimits.forBinaryPayload(16 * 1024 * 1024).maxStringLength());
    assertEquals(
        ReadLimits.DEFAULT_MAX_NESTING_DEPTH, ReadLimits.forBinaryPayload(1).maxNestingDepth());
  }

  @Test
  void smallPayloadsStillLeaveRoomForOrdinaryText() {
    assertEquals(ReadLimits.MIN_STRING_LENGTH, ReadLimits.forBinaryPayload(784).maxStringLength());
  }

  @Test
  void refusesPayloadsNoJavaStringCanHold() {
    assertThrows(
        IllegalArgumentException.class, () -> ReadLimits.forBinaryPayload(2L * Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> new ReadLimits(0, 1, 1));
  }
}
