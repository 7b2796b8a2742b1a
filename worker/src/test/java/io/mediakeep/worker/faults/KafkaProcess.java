package io.mediakeep.worker.faults;

import io.mediakeep.worker.local.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real KRaft broker (broker and controller in one node) in its own OS process, started with the
 * production {@code kafka.Kafka} main from the jars mediakeep ships, so it can be killed hard and
 * restarted on the same ports and data.
 */
final class KafkaProcess implements AutoCloseable {

  private final Path dir;
  private final Path config;
  private final int port;
  private JavaProcess process;
  private int starts;

  KafkaProcess(Path dir) {
    this.dir = dir;
    this.port = Sockets.freePort();
    Properties props =
        EmbeddedKafka.serverProperties("127.0.0.1", port, Sockets.freePort(), dir.resolve("data"));
    // Groups of the consumer protocol (KIP-848) take their session timeout from the broker: the
    // harness's 10 s, as its classic workers are given; a group may raise its own up to 60 s.
    props.put("group.consumer.min.session.timeout.ms", "10000");
    props.put("group.consumer.session.timeout.ms", "10000");
    props.put("group.consumer.min.heartbeat.interval.ms", "1000");
    props.put("group.consumer.heartbeat.interval.ms", "2000");
    try {
      this.config = EmbeddedKafka.format(props, dir.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  void start() {
    starts++;
    process =
        JavaProcess.start(
            List.of("-Xmx512m", "-Xms128m", "-cp", JavaProcess.LOCAL_JAR.toString()),
            List.of("kafka.Kafka", config.toString()),
            Map.of(),
            dir.resolve("kafka-" + starts + ".log"));
    awaitReady(Duration.ofSeconds(90));
  }

  /** SIGKILL: an unclean shutdown; the broker recovers its logs on the next start. */
  void kill() {
    process.kill();
  }

  /** SIGTERM: a controlled shutdown. */
  void stop() {
    process.terminate(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration patience) {
    EmbeddedKafka.awaitReady(bootstrap(), patience, process::alive, process.log());
  }

  @Override
  public void close() {
    if (process != null && process.alive()) {
      process.kill();
    }
  }
}
