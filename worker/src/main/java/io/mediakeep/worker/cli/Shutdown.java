package io.mediakeep.worker.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or Ctrl-C. The signal only wakes the main thread, which then shuts down in
 * order and exits 0; a second signal forces the exit.
 */
final class Shutdown {

  private final CountDownLatch signalled = new CountDownLatch(1);

  Shutdown() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (signalled.getCount() == 0) {
              System.err.println("mediakeep: second signal, exiting now");
              Runtime.getRuntime().halt(130);
            }
            System.err.println("mediakeep: SIG" + signal.getName() + " received, shutting down");
            signalled.countDown();
          });
    }
  }

  void await() throws InterruptedException {
    signalled.await();
  }
}
