package io.mediakeep.worker.core;

import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.contracts.RejectReason;
import java.util.List;

/** What processing one command came to; the command handler switches over it exhaustively. */
public sealed interface CommandOutcome {

  /**
   * The command took effect. {@code publish} holds the events still to publish; events that went
   * out with queued removals are not in it.
   */
  record Done(List<LifecycleEvent> publish) implements CommandOutcome {}

  /** The command can never apply as it is; its sender is told why. */
  record Rejected(RejectReason reason, String detail) implements CommandOutcome {}

  /** A dependency is unavailable: the command is processed again later, from where it stopped. */
  record RetryLater(Dependency dependency, Throwable cause) implements CommandOutcome {}

  /** The worker is stopping or lost the partition: the command is redelivered and resumes. */
  record Stopped() implements CommandOutcome {}
}
