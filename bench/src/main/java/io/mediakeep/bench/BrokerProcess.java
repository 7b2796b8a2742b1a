package io.mediakeep.bench;

import io.mediakeep.worker.local.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local stack's Kafka broker (the same single-node KRaft configuration) as a process of its
 * own, started with Kafka's {@code kafka.Kafka} main from the benchmark's class path, so that its
 * CPU is read apart from the S3 server's and the image source's.
 */
final class BrokerProcess implements AutoCloseable {

  private final int port;
  private final ArmProcess process;

  private BrokerProcess(int port, ArmProcess process) {
    this.port = port;
    this.process = process;
  }

  /** With {@code profile}, the broker records a JFR file beside its log, as the arms do. */
  static BrokerProcess start(Path benchJar, Path dir, Path logs, boolean profile) throws Exception {
    int port = freePort();
    Path data = dir.resolve("data");
    Path config =
        EmbeddedKafka.format(
            EmbeddedKafka.serverProperties("127.0.0.1", port, freePort(), data), data);
    List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g"));
    if (profile) {
      jvm.add(
          "-XX:StartFlightRecording:filename="
              + logs.resolve("kafka-broker.jfr")
              + ",settings=profile");
    }
    ArmProcess process =
        ArmProcess.start(
            "kafka-broker",
            logs,
            jvm,
            List.of("-cp", benchJar.toString(), "kafka.Kafka", config.toString()),
            Map.of());
    BrokerProcess broker = new BrokerProcess(port, process);
    try {
      broker.awaitReady(Duration.ofSeconds(90));
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady(Duration patience) {
    EmbeddedKafka.awaitReady(bootstrap(), patience, process::alive, process.output());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
