package io.mediakeep.worker.cli;

import io.mediakeep.worker.db.RejectionReplays;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What {@code replay --dry-run} prints: what would be sent, held, and the first rows. */
final class DryRunReport {

  private static final int DETAIL_CHARS = 100;

  private DryRunReport() {}

  static void print(
      PrintWriter out,
      RejectionReplays.Plan plan,
      List<RejectionReplays.Row> first,
      String topicOverride) {
    out.println("replay --dry-run: nothing is sent and nothing is changed");
    out.printf(
        "would send %d record%s to %s%n",
        plan.toSend(),
        plan.toSend() == 1 ? "" : "s",
        topicOverride != null
            ? topicOverride
            : plan.toSend() == 1 ? "its original topic" : "their original topics");
    out.printf(
        "held: replay limit reached: %d (already replayed %d time%s or more)%n",
        plan.held(), plan.maxReplays(), plan.maxReplays() == 1 ? "" : "s");
    if (plan.toSend() == 0) {
      out.flush();
      return;
    }
    out.println("by reason:");
    plan.byReason().forEach((reason, count) -> out.printf("  %-22s %8d%n", reason, count));
    out.println("by project:");
    for (Map.Entry<UUID, Long> entry : plan.byProject().entrySet()) {
      String project =
          entry.getKey() == null ? "(none: undecodable input)" : entry.getKey().toString();
      out.printf("  %-36s %8d%n", project, entry.getValue());
    }
    if (plan.projects() > plan.byProject().size()) {
      out.printf("  ... and %d more projects%n", plan.projects() - plan.byProject().size());
    }
    out.printf("first %d:%n", first.size());
    for (RejectionReplays.Row row : first) {
      out.printf(
          "  %s  %s  replays %d  %s%n",
          row.topic() + "/" + row.partition() + "/" + row.offset(),
          row.reason(),
          row.replayGeneration(),
          truncate(row.detail()));
    }
    out.flush();
  }

  static String truncate(String detail) {
    String line = detail == null ? "" : detail.replaceAll("\\s+", " ").strip();
    return line.length() <= DETAIL_CHARS ? line : line.substring(0, DETAIL_CHARS - 3) + "...";
  }
}
