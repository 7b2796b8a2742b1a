package io.mediakeep.worker.cli;

import io.mediakeep.contracts.DeleteAsset;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.LifecycleEvents;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediakeep delete}: asks the worker to remove an asset or a library entry. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes a media.asset.delete command: the worker deletes the object and the",
      "row (an asset leaves a tombstone, so its key is never stored again; a library",
      "entry simply goes) and publishes media.asset.deleted once the object is gone.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  sent (with --wait: deleted)",
      "  1  Kafka failed, or with --wait: rejected or no result in time",
      "  2  bad options or configuration"
    })
public final class DeleteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--owner",
      required = true,
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "The owner the command acts for; it must own what it deletes.")
  UUID owner;

  @Option(
      names = "--asset",
      required = true,
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "An asset id, or a library entry id (libraryAssetId).")
  UUID asset;

  @Mixin WaitOptions waiting;

  private final Map<String, String> env;

  public DeleteCommand() {
    this(System.getenv());
  }

  public DeleteCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    return new CommandSender(config, spec.commandLine().getOut(), spec.commandLine().getErr())
        .send(new DeleteAsset(asset, owner), LifecycleEvents.deletedId(asset), waiting.waitFor());
  }
}
