package io.mediakeep.worker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code local} in mediakeep.jar, which does not carry the local stack: says where it is instead of
 * picocli's "Unmatched argument".
 */
@Command(name = "local", hidden = true, mixinStandardHelpOptions = true)
final class LocalElsewhere implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println(
        "mediakeep: `local` (embedded Kafka, PostgreSQL and S3) is not in this artifact, which"
            + " carries what `run` needs and nothing more. Build and start it with: ./mvnw -q"
            + " -DskipTests package && java -jar worker/target/mediakeep-local.jar local");
    return 2;
  }
}
