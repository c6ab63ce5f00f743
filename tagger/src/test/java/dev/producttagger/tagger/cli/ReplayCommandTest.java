package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tagger replay}'s arguments; the reset itself is proven on a real broker by ReplayIT. */
class ReplayCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int replay(String... args) {
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "replay";
    all[1] = "--bootstrap-servers";
    all[2] = "127.0.0.1:1";
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.execute(all);
  }

  @Test
  void exactlyOneStartIsRequired() {
    assertEquals(2, replay());
    assertTrue(
        err.toString().contains("Missing required argument (specify one of these):"),
        err.toString());

    assertEquals(2, replay("--to-earliest", "--to-offset", "0:1"));
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
  }

  @Test
  void malformedStartsAreUsageErrorsThatSayWhatWasExpected() {
    assertEquals(2, replay("--to-offset", "0:1,1-7"));
    assertTrue(
        err.toString().contains("'1-7' is not PARTITION:OFFSET, such as 0:1200"), err.toString());

    assertEquals(2, replay("--to-datetime", "2026-11-27 10:00"));
    assertTrue(
        err.toString().contains("'2026-11-27 10:00' is not an RFC 3339 date-time with an offset"),
        err.toString());

    assertEquals(2, replay("--to-datetime", "2026-11-27T10:00:00"));
    assertTrue(err.toString().contains("with an offset"), err.toString());
  }

  @Test
  void anUnreachableClusterIsOneLineWithinTheTimeout() throws IOException {
    String nowhere = "127.0.0.1:" + closedPort();
    CommandLine cli = TaggerCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "replay", "--bootstrap-servers", nowhere, "--timeout-ms", "1000", "--to-earliest");

    assertEquals(1, exit, err.toString());
    assertEquals(
        "error: cannot reach Kafka at " + nowhere + ": no answer within 1.0 s",
        err.toString().strip());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
