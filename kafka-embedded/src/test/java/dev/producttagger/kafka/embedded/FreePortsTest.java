package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsPickedTogetherAreAllDifferent() {
    int[] ports = EmbeddedKafkaBroker.freePorts(64);

    assertEquals(64, ports.length);
    assertEquals(64, Arrays.stream(ports).distinct().count(), () -> Arrays.toString(ports));
    assertTrue(Arrays.stream(ports).allMatch(port -> port > 0 && port < 65536));
  }
}
