package io.mediakeep.worker.cli;

import io.mediakeep.worker.core.FailureClassifier;
import io.mediakeep.worker.db.RejectionReplays;
import io.mediakeep.worker.db.RejectionReplays.Row;
import io.mediakeep.worker.kafka.Republisher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the rows of a replay plan batch by batch, and marks each batch replayed once Kafka has
 * acknowledged it. A crash between sending and marking sends that batch again next time, which the
 * worker absorbs: it is idempotent per asset key.
 */
final class ReplayRun {

  /**
   * What a replay did. {@code failures} names each row Kafka refused; {@code notAttempted} counts
   * rows left alone after a batch of which nothing got through.
   */
  record Result(long sent, List<String> failures, long notAttempted) {}

  private final RejectionReplays replays;
  private final Republisher republisher;
  private final String topicOverride;
  private final int batchSize;

  ReplayRun(
      RejectionReplays replays, Republisher republisher, String topicOverride, int batchSize) {
    this.replays = replays;
    this.republisher = republisher;
    this.topicOverride = topicOverride;
    this.batchSize = batchSize;
  }

  Result run(RejectionReplays.Plan plan, ReplayProgress progress) {
    long after = 0;
    long attempted = 0;
    long sent = 0;
    List<String> failures = new ArrayList<>();
    while (attempted < plan.toSend()) {
      int size = (int) Math.min(batchSize, plan.toSend() - attempted);
      List<Row> rows = replays.page(plan, after, size);
      if (rows.isEmpty()) {
        break;
      }
      after = rows.getLast().id();
      attempted += rows.size();
      List<Exception> outcomes = republisher.sendAll(rows.stream().map(this::replayed).toList());
      List<Long> acked = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        if (outcomes.get(i) == null) {
          acked.add(rows.get(i).id());
        } else {
          failures.add(describe(rows.get(i)) + ": " + FailureClassifier.describe(outcomes.get(i)));
        }
      }
      replays.markReplayed(acked);
      sent += acked.size();
      progress.update(sent, failures.size());
      if (acked.isEmpty()) {
        // Nothing got through: Kafka or the topic is unreachable, and every further batch would
        // wait out the same timeouts.
        return new Result(sent, failures, plan.toSend() - attempted);
      }
    }
    return new Result(sent, failures, 0);
  }

  private Republisher.Replayed replayed(Row row) {
    byte[] key = row.key();
    if (key == null && row.projectId() != null) {
      // Rows rejected before raw_key was kept have none; by contract the key is the project id.
      key = row.projectId().toString().getBytes(StandardCharsets.UTF_8);
    }
    return new Republisher.Replayed(
        topicOverride != null ? topicOverride : row.topic(),
        key,
        row.value(),
        row.headers(),
        row.replayGeneration() + 1);
  }

  static String describe(Row row) {
    return row.topic()
        + "/"
        + row.partition()
        + "/"
        + row.offset()
        + " (asset_rejections id "
        + row.id()
        + ")";
  }
}
