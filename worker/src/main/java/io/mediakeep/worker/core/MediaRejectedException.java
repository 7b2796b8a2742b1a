package io.mediakeep.worker.core;

import io.mediakeep.contracts.RejectReason;
import java.io.IOException;

/** A source refused by policy (blocked address, too large, wrong type, too many pixels). */
public final class MediaRejectedException extends IOException {

  private final RejectReason reason;

  public MediaRejectedException(RejectReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
