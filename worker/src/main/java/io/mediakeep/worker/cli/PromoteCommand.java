package io.mediakeep.worker.cli;

import io.mediakeep.contracts.PromoteAsset;
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

/** {@code mediakeep promote}: asks the worker to keep an asset in its owner's library. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes a media.asset.promote command: the worker copies the asset's object",
      "into the library bucket (server-side), records the library entry and publishes",
      "media.asset.promoted. The asset keeps its own life: a workspace asset still",
      "expires. Promoting again republishes the same event.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  sent (with --wait: promoted)",
      "  1  Kafka failed, or with --wait: rejected (ASSET_NOT_FOUND, NOT_OWNER,",
      "     ASSET_EXPIRED) or no result in time",
      "  2  bad options or configuration"
    })
public final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--owner",
      required = true,
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "The owner the command acts for; it must own the asset.")
  UUID owner;

  @Option(
      names = "--asset",
      required = true,
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "The asset to keep (assetId of its asset-stored event).")
  UUID asset;

  @Option(names = "--title", paramLabel = "TEXT", description = "Title of the library entry.")
  String title;

  @Option(
      names = "--collection",
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "A collection of the owner to file the entry in.")
  UUID collection;

  @Mixin WaitOptions waiting;

  private final Map<String, String> env;

  public PromoteCommand() {
    this(System.getenv());
  }

  public PromoteCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    return new CommandSender(config, spec.commandLine().getOut(), spec.commandLine().getErr())
        .send(
            new PromoteAsset(asset, owner, title, collection),
            LifecycleEvents.promotedId(LifecycleEvents.libraryAssetId(asset)),
            waiting.waitFor());
  }
}
