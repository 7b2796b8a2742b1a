package io.mediakeep.worker.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Socket helpers shared by the fault injectors; everything here stays on 127.0.0.1. */
final class Sockets {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Sockets() {}

  /**
   * Closes with SO_LINGER 0, so the peer gets a TCP RST instead of a FIN: to it the connection
   * breaks rather than ends.
   */
  static void reset(Socket socket) {
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException alreadyGone) {
      // Closing below is all that is left to do.
    }
    closeQuietly(socket);
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // A connection that fails to close is gone either way.
    }
  }

  /** A port that was free a moment ago, for servers that must be told their port up front. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
