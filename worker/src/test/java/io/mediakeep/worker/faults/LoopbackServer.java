package io.mediakeep.worker.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket on 127.0.0.1:ephemeral that runs a handler for each accepted connection on a
 * virtual thread of its own, so a slow or stuck connection never holds up the next. Closing it
 * resets every connection still open and interrupts their handlers.
 */
final class LoopbackServer implements AutoCloseable {

  /** What to do with one accepted connection; the server closes the socket afterwards. */
  @FunctionalInterface
  interface Handler {
    void handle(Socket connection) throws IOException, InterruptedException;
  }

  private final ServerSocket listener;
  private final Handler handler;
  private final String name;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  LoopbackServer(String name, Handler handler) throws IOException {
    this.name = name;
    this.handler = handler;
    this.listener = new ServerSocket(0, 256, Sockets.LOOPBACK);
    this.acceptor = Thread.ofVirtual().name(name + "-accept").start(this::acceptAll);
  }

  int port() {
    return listener.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      Socket connection;
      try {
        connection = listener.accept();
      } catch (IOException closed) {
        return;
      }
      int number = accepted.incrementAndGet();
      open.add(connection);
      Thread.ofVirtual().name(name + "-" + number).start(() -> serve(connection));
    }
  }

  private void serve(Socket connection) {
    handlers.add(Thread.currentThread());
    try {
      handler.handle(connection);
    } catch (IOException | InterruptedException broken) {
      // Broken connections are what these servers are for; the peer sees the result.
    } finally {
      handlers.remove(Thread.currentThread());
      open.remove(connection);
      Sockets.closeQuietly(connection);
    }
  }

  @Override
  public void close() {
    Sockets.closeQuietly(listener);
    acceptor.interrupt();
    open.forEach(Sockets::reset);
    handlers.forEach(Thread::interrupt);
  }
}
