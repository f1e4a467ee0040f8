package io.carbonwatch.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Debian's InfluxDB 1.x ({@code influxd}, 1.6.7 here) as a child process with a generated config:
 * HTTP and the RPC/backup service on two free loopback ports, meta/data/wal in a temp dir,
 * reporting, UDP/Graphite/collectd/OpenTSDB, self-monitoring and the query log off.
 *
 * <p>Use influxdb-java ({@code org.influxdb}); the 2.x client needs {@code /api/v2/write}, which
 * 1.6 lacks. Always bound InfluxQL time ranges on both sides ({@code time >= a AND time < b}):
 * without an upper bound {@code GROUP BY time()} queries stop at now(), which hides points written
 * with simulated future timestamps.
 */
public final class InfluxServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int BIND_ATTEMPTS = 5;

  /** Where influxd is looked for; tests point it elsewhere. */
  String searchPath = Processes.defaultSearchPath();

  private Path workDir;
  private Path configFile;
  private Path logFile;
  private int port = -1;
  private int rpcPort = -1;
  private Process process;
  private Duration lastStartDuration = Duration.ZERO;

  public InfluxServer() {}

  /**
   * Starts influxd and waits until {@code /ping} answers 204. Picks free ports on the first start
   * and retries with new ones if another process takes a port in between.
   *
   * @return this, for chaining
   * @throws MissingBinaryException if influxd is not installed
   * @throws ServerStartException if influxd does not come up; the message has its log tail
   */
  public synchronized InfluxServer start() {
    if (isRunning()) {
      return this;
    }
    Path binary = Processes.findBinary("influxd", "influxdb", searchPath);
    long t0 = System.nanoTime();
    boolean first = workDir == null;
    if (first) {
      workDir = Processes.tempDir("influxdb");
      logFile = workDir.resolve("influxd.log");
      configFile = workDir.resolve("influxdb.conf");
    }
    try {
      launchWithRetries(binary, first);
    } catch (RuntimeException e) {
      if (first) {
        // the failure message already carries the log tail; leave no half-made server behind
        Processes.deleteRecursively(workDir);
        workDir = null;
      }
      throw e;
    }
    lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
    Processes.logStarted("influxd", url(), lastStartDuration);
    return this;
  }

  private void launchWithRetries(Path binary, boolean mayChangePorts) {
    ServerStartException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      if (mayChangePorts) {
        port = Processes.freePort();
        rpcPort = Processes.freePort();
      } else {
        waitUntilPortsFree();
      }
      Processes.write(configFile, config());
      long logOffset = logSize();
      process =
          Processes.start(
              List.of(binary.toString(), "run", "-config", configFile.toString()),
              workDir,
              logFile,
              "INFLUXDB_");
      try {
        awaitReady();
        return;
      } catch (ServerStartException e) {
        Processes.kill(process, 2_000);
        process = null;
        last = e;
        String log = Processes.readLog(logFile, logOffset);
        if (!mayChangePorts || !log.contains("address already in use")) {
          throw e;
        }
        // someone took a port between our probe and influxd's bind: try again
      }
    }
    throw last;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ServerStartException(
            "influxd exited with code "
                + process.exitValue()
                + "; config "
                + configFile
                + "; log tail:\n"
                + logTail());
      }
      if (pingStatus() == 204) {
        return;
      }
      Processes.sleep(50);
    }
    throw new ServerStartException(
        "influxd did not answer /ping on "
            + url()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s; log tail:\n"
            + logTail());
  }

  private int pingStatus() {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(url() + "/ping").openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(1_000);
      try {
        return c.getResponseCode();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  private void waitUntilPortsFree() {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Processes.isFree(port) && Processes.isFree(rpcPort)) {
        return;
      }
      Processes.sleep(50);
    }
  }

  private long logSize() {
    try {
      return Files.exists(logFile) ? Files.size(logFile) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  String config() {
    String dir = workDir.toString().replace("\\", "/");
    return """
        # generated by carbonwatch-testkit
        reporting-enabled = false
        bind-address = "127.0.0.1:%2$d"

        [meta]
          dir = "%1$s/meta"
          retention-autocreate = true
          logging-enabled = false

        [data]
          dir = "%1$s/data"
          wal-dir = "%1$s/wal"
          wal-fsync-delay = "0s"
          index-version = "inmem"
          query-log-enabled = false
          trace-logging-enabled = false

        [coordinator]
          log-queries-after = "0s"

        [retention]
          enabled = true

        [shard-precreation]
          enabled = false

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%3$d"
          auth-enabled = false
          log-enabled = false
          write-tracing = false
          pprof-enabled = false
          https-enabled = false

        [logging]
          format = "logfmt"
          level = "info"
          suppress-logo = true

        [subscriber]
          enabled = false

        [[graphite]]
          enabled = false

        [[collectd]]
          enabled = false

        [[opentsdb]]
          enabled = false

        [[udp]]
          enabled = false

        [continuous_queries]
          enabled = true
          log-enabled = false
        """
        .formatted(dir, rpcPort, port);
  }

  /** Stops influxd (SIGTERM, then SIGKILL after 10 s); ports and data are kept. */
  public synchronized void stop() {
    Processes.kill(process, 10_000);
    process = null;
  }

  /** Stops and starts influxd on the same ports and data dir; written data survives. */
  public synchronized InfluxServer restart() {
    requireStarted();
    stop();
    return start();
  }

  /** Stops influxd and deletes its temp dir (and so all data). */
  @Override
  public synchronized void close() {
    stop();
    Processes.deleteRecursively(workDir);
    workDir = null;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public String host() {
    return Processes.LOOPBACK;
  }

  /** The HTTP API port. */
  public synchronized int port() {
    requireStarted();
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, for {@code InfluxDBFactory.connect(url)}. */
  public String url() {
    return "http://" + host() + ":" + port();
  }

  /** A new influxdb-java client for this server; the caller closes it. */
  public InfluxDB client() {
    return InfluxDBFactory.connect(url());
  }

  /** {@code CREATE DATABASE "name"} (idempotent in InfluxDB 1.x). */
  public void createDatabase(String name) {
    if (name == null || name.isBlank() || name.contains("\"")) {
      throw new IllegalArgumentException("database name: must be non-blank without '\"'");
    }
    String command = "CREATE DATABASE \"" + name + "\"";
    try (InfluxDB influx = client()) {
      check(influx.query(new Query(command)), command);
    } catch (InfluxDBException e) {
      throw rejected(command, e.getMessage(), e);
    }
  }

  /**
   * Runs an InfluxQL query and flattens every series into rows: column name to value, with the
   * series' tags (from GROUP BY) added. {@code time} is an {@link Instant}; numbers are Doubles as
   * influxdb-java decodes them.
   *
   * @throws IllegalStateException if InfluxDB reports an error; the message has the query
   */
  public List<Map<String, Object>> query(String database, String influxql) {
    try (InfluxDB influx = client()) {
      QueryResult r;
      try {
        r = influx.query(new Query(influxql, database));
      } catch (InfluxDBException e) {
        throw rejected(influxql, e.getMessage(), e);
      }
      check(r, influxql);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (QueryResult.Result result : r.getResults()) {
        if (result.getSeries() == null) {
          continue;
        }
        for (QueryResult.Series series : result.getSeries()) {
          List<String> columns = series.getColumns();
          for (List<Object> values : series.getValues()) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (series.getTags() != null) {
              row.putAll(series.getTags());
            }
            for (int i = 0; i < columns.size(); i++) {
              Object v = values.get(i);
              if ("time".equals(columns.get(i)) && v instanceof String s) {
                v = parseTime(s);
              }
              row.put(columns.get(i), v);
            }
            rows.add(row);
          }
        }
      }
      return rows;
    }
  }

  private static Object parseTime(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return s;
    }
  }

  private void check(QueryResult r, String what) {
    String error = r.getError();
    if (error == null && r.getResults() != null) {
      for (QueryResult.Result result : r.getResults()) {
        if (result.hasError()) {
          error = result.getError();
        }
      }
    }
    if (error != null) {
      throw rejected(what, error, null);
    }
  }

  private IllegalStateException rejected(String what, String error, Throwable cause) {
    return new IllegalStateException(
        "InfluxDB at " + url() + " rejected '" + what + "': " + error, cause);
  }

  public synchronized Path dataDir() {
    requireStarted();
    return workDir;
  }

  public synchronized Path logFile() {
    requireStarted();
    return logFile;
  }

  public synchronized String logTail() {
    return Processes.tail(logFile, 40);
  }

  /** How long the last {@link #start()} took, for reports (never for assertions). */
  public synchronized Duration lastStartDuration() {
    return lastStartDuration;
  }

  private void requireStarted() {
    if (workDir == null) {
      throw new IllegalStateException("influxd has not been started: call start() first");
    }
  }

  @Override
  public String toString() {
    return "InfluxServer[" + (workDir == null ? "not started" : url()) + "]";
  }
}
