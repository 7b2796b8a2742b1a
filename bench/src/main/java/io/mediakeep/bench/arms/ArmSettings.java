package io.mediakeep.bench.arms;

import java.net.URI;
import java.util.Map;

/**
 * What every arm of the benchmark is given, as environment variables of its own JVM. An arm is a
 * main class that runs until it is sent SIGTERM. It consumes the benchmark's input topic (the
 * mediakeep CloudEvents in binary mode: {@code ce_*} headers and the JSON data of a {@code
 * media.image.generated} event as value), and for each event downloads {@code sourceUrl}, stores
 * the bytes in {@code BENCH_BUCKET} under {@code {ownerId}/{projectId}/{sceneId}/v{version}.png},
 * inserts a row into {@code assets}, and publishes to the output topic a JSON value holding at
 * least {@code projectId}, {@code sceneId}, {@code version}, {@code objectKey} and {@code sha256}.
 * The harness matches outputs to inputs by (projectId, sceneId, version).
 *
 * <ul>
 *   <li>{@code BENCH_KAFKA_BOOTSTRAP}, {@code BENCH_INPUT_TOPIC}, {@code BENCH_OUTPUT_TOPIC},
 *       {@code BENCH_GROUP}
 *   <li>{@code BENCH_DB_URL}, {@code BENCH_DB_USER}, {@code BENCH_DB_PASSWORD}
 *   <li>{@code BENCH_S3_ENDPOINT}, {@code BENCH_S3_ACCESS_KEY}, {@code BENCH_S3_SECRET_KEY}, {@code
 *       BENCH_BUCKET}
 *   <li>{@code BENCH_CONCURRENCY}: for the floor only, how many copies run at once
 * </ul>
 */
public record ArmSettings(
    String kafkaBootstrap,
    String inputTopic,
    String outputTopic,
    String group,
    String dbUrl,
    String dbUser,
    String dbPassword,
    URI s3Endpoint,
    String s3AccessKey,
    String s3SecretKey,
    String bucket,
    int concurrency) {

  public static ArmSettings fromEnv(Map<String, String> env) {
    return new ArmSettings(
        required(env, "BENCH_KAFKA_BOOTSTRAP"),
        required(env, "BENCH_INPUT_TOPIC"),
        required(env, "BENCH_OUTPUT_TOPIC"),
        required(env, "BENCH_GROUP"),
        required(env, "BENCH_DB_URL"),
        required(env, "BENCH_DB_USER"),
        required(env, "BENCH_DB_PASSWORD"),
        URI.create(required(env, "BENCH_S3_ENDPOINT")),
        required(env, "BENCH_S3_ACCESS_KEY"),
        required(env, "BENCH_S3_SECRET_KEY"),
        required(env, "BENCH_BUCKET"),
        Integer.parseInt(env.getOrDefault("BENCH_CONCURRENCY", "256")));
  }

  private static String required(Map<String, String> env, String key) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is not set");
    }
    return value;
  }
}
