package io.mediakeep.worker.faults;

import java.util.List;

/**
 * What the oracle found after quiescence. {@code lost} counts inputs whose effects are missing,
 * {@code duplicated} inputs with more than one row, object or distinct output event id; {@code
 * redelivered} counts extra copies of an output event with the same id, which at-least-once
 * publishing allows and consumers drop by id.
 */
record Verdict(
    int inputs,
    int stored,
    int rejected,
    int lost,
    int duplicated,
    int redelivered,
    int currentViolations,
    List<String> problems) {

  boolean clean() {
    return lost == 0 && duplicated == 0 && currentViolations == 0 && problems.isEmpty();
  }

  @Override
  public String toString() {
    return "inputs="
        + inputs
        + " stored="
        + stored
        + " rejected="
        + rejected
        + " lost="
        + lost
        + " duplicated="
        + duplicated
        + " redelivered="
        + redelivered
        + " currentViolations="
        + currentViolations
        + (problems.isEmpty() ? "" : " problems=" + problems);
  }
}
