package dev.producttagger.kafka.client;

import java.io.IOException;
import java.net.ServerSocket;

/** A local port nothing listens on, for tests of what clients do when the cluster is not there. */
public final class ClosedPort {

  private ClosedPort() {}

  /** A port the system just handed out and took back. */
  public static int pick() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
