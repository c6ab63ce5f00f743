package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.tagger.TaggerCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tagger replay}'s arguments; the reset itself is proven on a real broker by ReplayIT. */
class ReplayCommandTest {

  private static TaggerCommand replay(String... options) {
    List<String> args = new ArrayList<>(List.of("replay", "--bootstrap-servers", "127.0.0.1:1"));
    args.addAll(List.of(options));
    return TaggerCommand.run(args.toArray(String[]::new));
  }

  @Test
  void exactlyOneStartIsRequired() {
    TaggerCommand none = replay();
    assertEquals(2, none.exitCode());
    assertTrue(
        none.err().contains("Missing required argument (specify one of these):"), none.printed());

    TaggerCommand two = replay("--to-earliest", "--to-offset", "0:1");
    assertEquals(2, two.exitCode());
    assertTrue(two.err().contains("mutually exclusive"), two.printed());
  }

  @Test
  void malformedStartsAreUsageErrorsThatSayWhatWasExpected() {
    TaggerCommand offsets = replay("--to-offset", "0:1,1-7");
    assertEquals(2, offsets.exitCode());
    assertTrue(
        offsets.err().contains("'1-7' is not PARTITION:OFFSET, such as 0:1200"), offsets.printed());

    TaggerCommand noT = replay("--to-datetime", "2026-11-27 10:00");
    assertEquals(2, noT.exitCode());
    assertTrue(
        noT.err().contains("'2026-11-27 10:00' is not an RFC 3339 date-time with an offset"),
        noT.printed());

    TaggerCommand noOffset = replay("--to-datetime", "2026-11-27T10:00:00");
    assertEquals(2, noOffset.exitCode());
    assertTrue(noOffset.err().contains("with an offset"), noOffset.printed());
  }

  @Test
  void anUnreachableClusterIsOneLineWithinTheTimeout() throws IOException {
    String nowhere = "127.0.0.1:" + closedPort();

    TaggerCommand replay =
        TaggerCommand.run(
            "replay", "--bootstrap-servers", nowhere, "--timeout-ms", "1000", "--to-earliest");

    assertEquals(1, replay.exitCode(), replay.printed());
    assertEquals(
        "error: cannot reach Kafka at "
            + nowhere
            + ": no answer within 1.0 s"
            + KafkaConnection.PLAINTEXT_HINT,
        replay.err().strip());
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
