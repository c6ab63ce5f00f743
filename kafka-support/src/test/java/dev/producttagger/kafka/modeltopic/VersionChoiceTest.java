package dev.producttagger.kafka.modeltopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VersionChoiceTest {

  @Test
  void resolvesOwnAutoAndExactVersions() {
    assertEquals(3, new VersionChoice.Own().resolve(3, OptionalLong.of(7)));
    assertEquals(8, VersionChoice.parse("auto").resolve(3, OptionalLong.of(7)));
    assertEquals(1, VersionChoice.parse("auto").resolve(3, OptionalLong.empty()));
    assertEquals(12, VersionChoice.parse("12").resolve(3, OptionalLong.of(7)));
  }

  @Test
  void refusesWhatIsNeitherAutoNorAPositiveNumber() {
    assertThrows(IllegalArgumentException.class, () -> VersionChoice.parse("latest"));
    assertThrows(IllegalArgumentException.class, () -> VersionChoice.parse("0"));
  }
}
