package io.mediakeep.worker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The connection pool, the jOOQ context over it, and the migrations. The pool connects with the
 * worker's credentials; migrations connect on their own with the migration credentials, since only
 * the schema's owner may change it.
 */
public final class Database implements AutoCloseable {

  /** The group role whose members work across owners: the worker's login belongs to it. */
  public static final String WORKER_ROLE = "mediakeep_worker";

  /** The group role whose members read one owner's rows at a time, through {@link TenantReads}. */
  public static final String READER_ROLE = "mediakeep_reader";

  /**
   * The group role of the app that reads and organises one owner's library at a time (PostgREST or
   * a backend under the user's identity).
   */
  public static final String LIBRARY_ROLE = "mediakeep_library";

  private final DbSettings settings;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private Database(DbSettings settings, HikariDataSource dataSource) {
    this.settings = settings;
    this.dataSource = dataSource;
    // No execute logging: its listener runs on every query even with DEBUG off.
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
  }

  public static Database connect(DbSettings settings, MeterRegistry registry) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("mediakeep");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2000));
    // Start even while PostgreSQL is down: the pipeline waits for it instead of failing.
    config.setInitializationFailTimeout(-1);
    if (registry != null) {
      config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
    return new Database(settings, new HikariDataSource(config));
  }

  public DSLContext dsl() {
    return dsl;
  }

  /**
   * Applies the Flyway migrations of db-migrations as the migration user, retrying the connection
   * for a while.
   */
  public MigrateResult migrate() {
    return migrate(settings);
  }

  /**
   * Applies the migrations as the migration user without opening the worker's pool, so that {@code
   * mediakeep migrate} needs the schema owner's login only.
   */
  public static MigrateResult migrate(DbSettings settings) {
    return Flyway.configure()
        .dataSource(settings.url(), settings.migrateUser(), settings.migratePassword())
        .locations("classpath:db/migration")
        .placeholders(
            Map.of(
                "worker_role", WORKER_ROLE,
                "reader_role", READER_ROLE,
                "library_role", LIBRARY_ROLE))
        .connectRetries(10)
        .load()
        .migrate();
  }

  /**
   * Why the worker's login cannot see the rows it writes, or empty. Row-level security is forced on
   * the asset tables and lets through members of {@link #WORKER_ROLE} (and superusers or BYPASSRLS
   * roles); any other login, the tables' owner included, sees nothing and cannot insert, so every
   * event would wait for ever.
   */
  public Optional<String> rowSecurityProblem() {
    Boolean allowed =
        dsl.fetchSingle(
                "select r.rolsuper or r.rolbypassrls or pg_has_role(current_user, {0}, 'MEMBER')"
                    + " from pg_roles r where r.rolname = current_user",
                WORKER_ROLE)
            .get(0, Boolean.class);
    if (Boolean.TRUE.equals(allowed)) {
      return Optional.empty();
    }
    return Optional.of(
        "MEDIAKEEP_DB_USER="
            + settings.user()
            + " is not a member of "
            + WORKER_ROLE
            + ": row-level security would hide every asset row from it. Run GRANT "
            + WORKER_ROLE
            + " TO "
            + settings.user()
            + " (and migrate as the schema owner, MEDIAKEEP_DB_MIGRATE_USER)");
  }

  public boolean reachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
