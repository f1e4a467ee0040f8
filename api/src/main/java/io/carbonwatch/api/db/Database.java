package io.carbonwatch.api.db;

import io.carbonwatch.api.ApiConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the records live: the server named by {@code CARBONWATCH_PG_URL}, or an embedded PostgreSQL
 * under the data directory so one machine needs nothing installed. Blocking (process start, JDBC
 * migrations): call from a worker thread only.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private final ApiConfig.PgTarget target;
  private final EmbeddedPostgres embedded;

  private Database(ApiConfig.PgTarget target, EmbeddedPostgres embedded) {
    this.target = target;
    this.embedded = embedded;
  }

  public static Database start(ApiConfig config) {
    ApiConfig.PgTarget target;
    EmbeddedPostgres embedded = null;
    if (config.pgUrl() != null) {
      target = ApiConfig.parsePgUrl(config.pgUrl());
    } else {
      Path dir = config.dataDir().resolve("postgres");
      try {
        Files.createDirectories(dir);
        embedded =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "Could not start embedded PostgreSQL under " + dir + ": " + e.getMessage(), e);
      }
      target =
          new ApiConfig.PgTarget(
              "127.0.0.1", embedded.getPort(), "postgres", "postgres", "postgres");
      LOG.info("Embedded PostgreSQL on port {} with data in {}", embedded.getPort(), dir);
    }
    migrate(target);
    return new Database(target, embedded);
  }

  public static void migrate(ApiConfig.PgTarget target) {
    Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:io/carbonwatch/api/db")
        .load()
        .migrate();
  }

  public ApiConfig.PgTarget target() {
    return target;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Stopping embedded PostgreSQL: {}", e.getMessage());
      }
    }
  }
}
