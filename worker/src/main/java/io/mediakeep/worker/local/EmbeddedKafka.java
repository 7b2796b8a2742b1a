package io.mediakeep.worker.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) from Kafka's own server jars, run
 * inside this process. Its log directory survives restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String CLUSTER_ID = "bWVkaWFrZWVwLWxvY2Fs";

  private final int port;
  private final KafkaRaftServer server;

  private EmbeddedKafka(int port, KafkaRaftServer server) {
    this.port = port;
    this.server = server;
  }

  public static EmbeddedKafka start(String host, int port, int controllerPort, Path dataDir) {
    try {
      Properties props = serverProperties(host, port, controllerPort, dataDir);
      format(props, dataDir);
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(port, server);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded Kafka broker", e);
    }
  }

  /**
   * The configuration of a single-node KRaft broker (broker and controller) for this machine; the
   * fault harness runs the same broker as its own process.
   */
  public static Properties serverProperties(
      String host, int port, int controllerPort, Path dataDir) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    props.put("num.partitions", "4");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    return props;
  }

  /**
   * Writes {@code server.properties} into the data directory and formats the storage there (a no-op
   * when it is formatted already); returns the properties file.
   */
  public static Path format(Properties props, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path config = dataDir.resolve("server.properties");
    try (var out = Files.newOutputStream(config)) {
      props.store(out, "written by mediakeep");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit =
        StorageTool$.MODULE$.execute(
            new String[] {
              "format", "--ignore-formatted", "-t", CLUSTER_ID, "-c", config.toString()
            },
            new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IOException(
          "formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
    return config;
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /**
   * Waits until the broker at {@code bootstrap}, started as a process of its own, answers; fails as
   * soon as {@code alive} says the process has ended, or after {@code patience}, naming {@code
   * log}.
   */
  public static void awaitReady(
      String bootstrap, Duration patience, BooleanSupplier alive, Object log) {
    long deadline = System.nanoTime() + patience.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      while (true) {
        if (!alive.getAsBoolean()) {
          throw new IllegalStateException("the Kafka broker exited; see " + log);
        }
        try {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the Kafka broker did not start in " + patience + "; see " + log, e);
          }
        }
      }
    }
  }

  /** Creates the topics that are missing, with the given partition count. */
  public void createTopics(int partitions, String... topics) {
    createTopics(bootstrap(), partitions, topics);
  }

  /**
   * Creates the topics that are missing on the broker at {@code bootstrap}, and waits until every
   * partition of each has a leader: a producer that writes to a partition in the moment before can
   * get NOT_LEADER_OR_FOLLOWER, and an idempotent one then sometimes retries into
   * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
   */
  public static void createTopics(String bootstrap, int partitions, String... topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, (short) 1));
        }
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitLeaders(admin, List.of(topics));
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(topics), e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean led;
      try {
        led =
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        led = false; // created, but not in the metadata the broker answers from yet
      }
      if (led) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions of " + topics + " have no leader after 30 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
