package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.cli.DeleteCommand;
import io.mediakeep.worker.cli.PromoteCommand;
import io.mediakeep.worker.cli.PurgeCommand;
import io.mediakeep.worker.cli.SweepCommand;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.StoredAsset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The lifecycle commands of the CLI against a running worker, as an operator runs them. */
class LifecycleCliIT {

  private Pipeline pipeline;
  private LifecycleRig rig;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
    rig = new LifecycleRig(pipeline);
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
    pipeline.close();
  }

  @Test
  void promoteWaitsForAndPrintsThePromotedEventAndDeleteForTheDeletedOne() {
    UUID owner = UUID.randomUUID();
    StoredAsset asset = rig.store(owner, UUID.randomUUID(), "cli", 1, Retention.PROJECT, null);

    Run promote =
        run(
            new PromoteCommand(pipeline.env()),
            "--owner",
            owner.toString(),
            "--asset",
            asset.id().toString(),
            "--title",
            "From the CLI",
            "--wait",
            "--timeout",
            "30s");
    UUID entry = LifecycleEvents.libraryAssetId(asset.id());
    Run delete =
        run(
            new DeleteCommand(pipeline.env()),
            "--owner",
            owner.toString(),
            "--asset",
            entry.toString(),
            "--wait");

    assertThat(promote.exit).as(promote.err).isZero();
    assertThat(promote.out)
        .contains("\"libraryAssetId\":\"" + entry + "\"")
        .contains("From the CLI");
    assertThat(promote.err).contains("media.asset.promoted");
    assertThat(delete.exit).as(delete.err).isZero();
    assertThat(delete.out).contains("\"kind\":\"library\"");
  }

  @Test
  void aRefusedPromoteExitsOneWithTheReason() {
    Run refused =
        run(
            new PromoteCommand(pipeline.env()),
            "--owner",
            UUID.randomUUID().toString(),
            "--asset",
            UUID.randomUUID().toString(),
            "--wait");

    assertThat(refused.exit).isEqualTo(1);
    assertThat(refused.err).contains("rejected: ASSET_NOT_FOUND");
  }

  @Test
  void dryRunsCountAndChangeNothing() throws Exception {
    UUID owner = UUID.randomUUID();
    StoredAsset draft =
        rig.store(
            owner, UUID.randomUUID(), "d", 1, Retention.WORKSPACE, Instant.now().minusSeconds(5));

    Run sweep = run(new SweepCommand(pipeline.env()), "--dry-run");
    Run purge = run(new PurgeCommand(pipeline.env()), "--owner", owner.toString(), "--dry-run");

    assertThat(sweep.exit).isZero();
    assertThat(sweep.out).contains("would expire").contains("nothing is deleted");
    assertThat(purge.exit).isZero();
    assertThat(purge.out).contains("1 assets (tombstones included)").contains("1 objects");
    assertThat(rig.exists(draft.bucket(), draft.objectKey())).isTrue();
    assertThat(rig.value("select state from assets where id = ?", draft.id())).isEqualTo("live");

    Run swept = run(new SweepCommand(pipeline.env()));
    assertThat(swept.exit).as(swept.err).isZero();
    assertThat(swept.err).contains("sweep: done,");
    assertThat(rig.value("select state from assets where id = ?", draft.id())).isEqualTo("expired");
  }

  @Test
  void badOptionsExitTwoAndSayWhy() {
    Run limit = run(new SweepCommand(pipeline.env()), "--limit", "0");
    Run id = run(new PromoteCommand(pipeline.env()), "--owner", "me", "--asset", "x");

    assertThat(limit.exit).isEqualTo(2);
    assertThat(limit.err).contains("--limit must be at least 1");
    assertThat(id.exit).isEqualTo(2);
    assertThat(id.err).contains("is not an id");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
