package io.mediakeep.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.fetch.HostAllowList;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void noConfigurationMeansTheLocalStack() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of());

    assertThat(config.kafka().bootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(config.db().url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/mediakeep");
    assertThat(config.s3().endpoint()).hasToString("http://127.0.0.1:19000");
    assertThat(config.fetch().rules().schemes()).containsExactly("https");
    assertThat(config.fetch().limits().maxImageBytes()).isEqualTo(10L << 20);
    assertThat(config.fetch().limits().maxVideoBytes()).isEqualTo(1L << 30);
    assertThat(config.http().port()).isEqualTo(9400);
    assertThat(config.pipeline().maxInFlight()).isEqualTo(256);
    assertThat(config.layout().workspaceRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void everyBadKeyIsNamedInOneError() {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WorkerConfig.fromEnv(
                    Map.of(
                        "MEDIAKEEP_MAX_IN_FLIGHT", "0",
                        "MEDIAKEEP_DB_URL", "mysql://db",
                        "MEDIAKEEP_FETCH_TOTAL_TIMEOUT", "soon",
                        "MEDIAKEEP_MAX_IMAGE_BYTES", "ten",
                        "MEDIAKEEP_FETCH_SCHEMES", "https,gopher",
                        "MEDIAKEEP_FETCH_ALLOW", "127.0.0.1",
                        "MEDIAKEEP_S3_PATH_STYLE", "maybe")));

    assertThat(error.problems()).hasSize(7);
    assertThat(error.getMessage())
        .contains("MEDIAKEEP_MAX_IN_FLIGHT=0")
        .contains("MEDIAKEEP_DB_URL")
        .contains("MEDIAKEEP_FETCH_TOTAL_TIMEOUT=soon")
        .contains("MEDIAKEEP_MAX_IMAGE_BYTES=ten")
        .contains("gopher")
        .contains("MEDIAKEEP_FETCH_ALLOW")
        .contains("MEDIAKEEP_S3_PATH_STYLE=maybe");
  }

  @Test
  void sourceRulesDefaultToHttpsOnStandardPortsFromAnyPublicHost() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of());

    assertThat(config.fetch().rules().ports()).containsExactlyInAnyOrder(443, 80);
    assertThat(config.fetch().rules().hosts()).isSameAs(HostAllowList.ANY);
    assertThat(config.fetch().limits().maxFrames()).isEqualTo(1000);
  }

  @Test
  void sourceRulesAreReadAndBadOnesNamed() {
    WorkerConfig config =
        WorkerConfig.fromEnv(
            Map.of(
                "MEDIAKEEP_FETCH_PORTS", "443, 8443",
                "MEDIAKEEP_FETCH_HOSTS", "fal=*.fal.media",
                "MEDIAKEEP_MAX_FRAMES", "50"));
    assertThat(config.fetch().rules().ports()).containsExactlyInAnyOrder(443, 8443);
    assertThat(config.fetch().rules().hosts().refusal("v3.fal.media", "fal")).isEmpty();
    assertThat(config.fetch().rules().hosts().refusal("v3.fal.media", "other")).isPresent();
    assertThat(config.fetch().limits().maxFrames()).isEqualTo(50);

    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WorkerConfig.fromEnv(
                    Map.of(
                        "MEDIAKEEP_FETCH_PORTS", "443,http",
                        "MEDIAKEEP_FETCH_HOSTS", "*.fal.media",
                        "MEDIAKEEP_MAX_FRAMES", "0")));
    assertThat(error.problems()).hasSize(3);
    assertThat(error.getMessage())
        .contains("MEDIAKEEP_FETCH_PORTS")
        .contains("MEDIAKEEP_FETCH_HOSTS")
        .contains("MEDIAKEEP_MAX_FRAMES");
  }

  @Test
  void migrationsUseTheWorkersCredentialsUnlessGivenTheirOwn() {
    WorkerConfig same =
        WorkerConfig.fromEnv(
            Map.of("MEDIAKEEP_DB_USER", "app", "MEDIAKEEP_DB_PASSWORD", "app-secret"));
    assertThat(same.db().migrateUser()).isEqualTo("app");
    assertThat(same.db().migratePassword()).isEqualTo("app-secret");

    WorkerConfig own =
        WorkerConfig.fromEnv(
            Map.of(
                "MEDIAKEEP_DB_USER", "app",
                "MEDIAKEEP_DB_PASSWORD", "app-secret",
                "MEDIAKEEP_DB_MIGRATE_USER", "owner",
                "MEDIAKEEP_DB_MIGRATE_PASSWORD", "owner-secret"));
    assertThat(own.db().user()).isEqualTo("app");
    assertThat(own.db().migrateUser()).isEqualTo("owner");
    assertThat(own.db().migratePassword()).isEqualTo("owner-secret");

    ConfigException half =
        catchThrowableOfType(
            ConfigException.class,
            () -> WorkerConfig.fromEnv(Map.of("MEDIAKEEP_DB_MIGRATE_USER", "owner")));
    assertThat(half.problems())
        .singleElement(STRING)
        .contains("MEDIAKEEP_DB_MIGRATE_USER", "MEDIAKEEP_DB_MIGRATE_PASSWORD");
  }

  @Test
  void staticMembershipAndCrashInjectionAreOffUnlessAsked() {
    WorkerConfig plain = WorkerConfig.fromEnv(Map.of());
    assertThat(plain.kafka().instanceId()).isNull();
    assertThat(plain.kafka().consumerConfig(10)).doesNotContainKey("group.instance.id");
    assertThat(plain.pipeline().crashAt()).isNull();

    WorkerConfig asked =
        WorkerConfig.fromEnv(
            Map.of(
                "MEDIAKEEP_KAFKA_INSTANCE_ID", "worker-0",
                "MEDIAKEEP_KAFKA_SESSION_TIMEOUT", "10s",
                "MEDIAKEEP_CRASH_AT", "after-s3-put:7"));
    assertThat(asked.kafka().consumerConfig(10))
        .containsEntry("group.instance.id", "worker-0")
        .containsEntry("session.timeout.ms", 10_000);
    assertThat(asked.pipeline().crashAt())
        .isEqualTo(new CrashPoint.Armed(CrashPoint.AFTER_S3_PUT, 7));
  }

  @Test
  void aCrashPointThatDoesNotExistIsNamedWithTheValidOnes() {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () -> WorkerConfig.fromEnv(Map.of("MEDIAKEEP_CRASH_AT", "after-lunch:0")));
    assertThat(error.getMessage()).contains("MEDIAKEEP_CRASH_AT", "AFTER_DB_COMMIT");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> CrashPoint.parse("AFTER_POLL:0")))
        .hasMessageContaining("at least 1");
    assertThat(CrashPoint.parse("mid_download"))
        .isEqualTo(new CrashPoint.Armed(CrashPoint.MID_DOWNLOAD, 1));
  }

  @Test
  void unitsAreUnderstood() {
    WorkerConfig config =
        WorkerConfig.fromEnv(
            Map.of(
                "MEDIAKEEP_MAX_IMAGE_BYTES", "512KiB",
                "MEDIAKEEP_MAX_VIDEO_BYTES", "2GiB",
                "MEDIAKEEP_FETCH_IDLE_TIMEOUT", "750ms",
                "MEDIAKEEP_SHUTDOWN_TIMEOUT", "PT45S",
                "MEDIAKEEP_WORKSPACE_RETENTION", "3d",
                "MEDIAKEEP_FETCH_SCHEMES", "https, http",
                "MEDIAKEEP_FETCH_ALLOW", "127.0.0.1:8080, 10.0.0.0/8"));

    assertThat(config.fetch().limits().maxImageBytes()).isEqualTo(512 * 1024);
    assertThat(config.fetch().limits().maxVideoBytes()).isEqualTo(2L << 30);
    assertThat(config.fetch().limits().idleTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.pipeline().shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.layout().workspaceRetention()).isEqualTo(Duration.ofDays(3));
    assertThat(config.fetch().rules().schemes()).containsExactlyInAnyOrder("https", "http");
    assertThat(config.fetch().rules().exemptions().exempts("127.0.0.1", 8080)).isTrue();
    assertThat(config.fetch().rules().exemptions().networks()).hasSize(1);
  }

  @Test
  void anEmptyS3EndpointMeansAwsWithItsDefaultCredentials() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of("MEDIAKEEP_S3_ENDPOINT", ""));

    assertThat(config.s3().endpoint()).isNull();
    assertThat(config.s3().accessKey()).isNull();
  }
}
