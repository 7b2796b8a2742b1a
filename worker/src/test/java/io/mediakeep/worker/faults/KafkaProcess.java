package io.mediakeep.worker.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
    int controllerPort = Sockets.freePort();
    this.config = dir.resolve("server.properties");
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
    props.put("num.partitions", "4");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    try {
      Files.createDirectories(dir);
      try (var out = Files.newOutputStream(config)) {
        props.store(out, "mediakeep fault harness broker");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int exit =
          StorageTool$.MODULE$.execute(
              new String[] {
                "format",
                "--ignore-formatted",
                "-t",
                "ZmF1bHQtaGFybmVzcy0x",
                "-c",
                config.toString()
              },
              new PrintStream(output, true, StandardCharsets.UTF_8));
      if (exit != 0) {
        throw new IllegalStateException("kafka storage format failed: " + output);
      }
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
            List.of("-Xmx512m", "-Xms128m", "-cp", JavaProcess.JAR.toString()),
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
    long deadline = System.nanoTime() + patience.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      while (true) {
        if (!process.alive()) {
          throw new IllegalStateException("the broker exited; see " + process.log());
        }
        try {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the broker is not ready; see " + process.log(), e);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    if (process != null && process.alive()) {
      process.kill();
    }
  }
}
