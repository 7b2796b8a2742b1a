package io.mediakeep.worker.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or Ctrl-C, or for the worker to stop on its own. A signal once running only
 * wakes the main thread, which then shuts down in order; a second signal forces the exit.
 *
 * <p>A signal during start-up (PostgreSQL unreachable and Flyway retrying its connection, say)
 * interrupts the main thread, which abandons the start; if start-up has not ended within the
 * shutdown timeout, the process exits anyway. Nothing has been consumed yet, so nothing is lost.
 */
public final class Shutdown {

  private final CountDownLatch released = new CountDownLatch(1);
  private final Thread main = Thread.currentThread();
  private final Duration startupPatience;
  private volatile boolean signalled;
  private volatile boolean started;

  /** For a command that handles start-up itself: every signal asks for an orderly shutdown. */
  public Shutdown() {
    this(Duration.ZERO);
    started = true;
  }

  /** Starts in the start-up phase; call {@link #started()} when it is over. */
  public Shutdown(Duration startupPatience) {
    this.startupPatience = startupPatience;
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> onSignal("SIG" + signal.getName()));
    }
  }

  private void onSignal(String name) {
    if (signalled) {
      System.err.println("mediakeep: second signal, exiting now");
      Runtime.getRuntime().halt(130);
    }
    signalled = true;
    if (!started) {
      System.err.println(
          "mediakeep: "
              + name
              + " received during start-up, stopping (at most "
              + startupPatience.toSeconds()
              + " s)");
      main.interrupt();
      Thread.ofPlatform().daemon().name("mediakeep-startup-stop").start(this::haltIfStillStarting);
    } else {
      System.err.println("mediakeep: " + name + " received, shutting down");
    }
    released.countDown();
  }

  private void haltIfStillStarting() {
    try {
      Thread.sleep(startupPatience);
    } catch (InterruptedException e) {
      return;
    }
    if (!started) {
      System.err.println(
          "mediakeep: start-up did not stop within " + startupPatience.toSeconds() + " s; exiting");
      Runtime.getRuntime().halt(1);
    }
  }

  /** Start-up is over: from now on a signal asks for an orderly shutdown. */
  public void started() {
    started = true;
    Thread.interrupted(); // a signal that raced the end of start-up is seen through the latch
  }

  public boolean signalled() {
    return signalled;
  }

  /** Wakes {@link #await()} without a signal: the worker stopped on its own. */
  public void release() {
    released.countDown();
  }

  public void await() {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only a signal interrupts main; it also released us
    }
  }
}
