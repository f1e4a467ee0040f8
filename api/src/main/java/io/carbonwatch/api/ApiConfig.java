package io.carbonwatch.api;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the API needs, validated once at start-up. Environment variables override the config
 * file so a container can be configured without editing files.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port HTTP port; 0 picks a free port (tests)
 * @param pgUrl {@code postgresql://user:password@host:port/db}; null starts embedded PostgreSQL
 * @param dataDir directory for embedded PostgreSQL data (used only when {@code pgUrl} is null)
 * @param mqttUri broker URI such as {@code tcp://127.0.0.1:1883}; null disables MQTT ingest
 * @param influxUrl InfluxDB 1.x URL; null disables history and baseline fitting
 * @param influxDatabase InfluxDB database name
 * @param adminUsername first admin, created when no admin exists
 * @param adminPassword first admin's password; required when no admin exists yet (no default)
 * @param secureCookies set the {@code Secure} attribute on the session cookie (off only for plain
 *     HTTP development outside localhost)
 * @param maxBodyBytes largest accepted request body
 * @param pbkdf2Iterations PBKDF2-HMAC-SHA256 iterations for new password hashes
 * @param loginMaxFailures failed logins per user and address within {@code loginWindow} before
 *     refusing further attempts
 * @param loginWindow window of the login rate limit
 * @param sessionTtl lifetime of a browser session
 * @param httpInstances number of HTTP verticle instances (one per event loop)
 * @param calibrationScanInterval how often overdue instruments are looked for
 * @param siteModel site model YAML the instrument ledger is synchronised from; null for none
 * @param smtpUri {@code smtp://host:port} (or {@code smtps://}) for e-mail notifications; null
 *     disables e-mail
 * @param mailFrom sender address of notification e-mails
 * @param notifyRetryBase first retry delay of a failed notification; doubles per attempt
 * @param routeTimeout how long the HTTP gateway waits for a route group's verticle to answer before
 *     it answers 504 (baseline fits and inventories over long periods take the longest)
 */
public record ApiConfig(
    String host,
    int port,
    String pgUrl,
    Path dataDir,
    String mqttUri,
    String influxUrl,
    String influxDatabase,
    String adminUsername,
    String adminPassword,
    boolean secureCookies,
    int maxBodyBytes,
    int pbkdf2Iterations,
    int loginMaxFailures,
    Duration loginWindow,
    Duration sessionTtl,
    int httpInstances,
    Duration calibrationScanInterval,
    Path siteModel,
    String smtpUri,
    String mailFrom,
    Duration notifyRetryBase,
    Duration routeTimeout) {

  public static final int MIN_PBKDF2_ITERATIONS = 10_000;

  public ApiConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: expected 0..65535, got " + port);
    }
    if (pgUrl != null) {
      parsePgUrl(pgUrl);
    } else {
      Objects.requireNonNull(
          dataDir, "dataDir: required when pgUrl (CARBONWATCH_PG_URL) is not set");
    }
    if (mqttUri != null && !mqttUri.matches("(tcp|ssl|ws|wss)://.+")) {
      throw new IllegalArgumentException("mqttUri: expected tcp://host:port, got " + mqttUri);
    }
    if (influxUrl != null && !influxUrl.matches("https?://.+")) {
      throw new IllegalArgumentException("influxUrl: expected http://host:port, got " + influxUrl);
    }
    if (influxDatabase == null || influxDatabase.isBlank()) {
      influxDatabase = "carbonwatch";
    }
    if (adminUsername == null || !adminUsername.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "adminUsername: expected 1-64 letters, digits, '.', '_' or '-', got " + adminUsername);
    }
    if (adminPassword != null && adminPassword.length() < 12) {
      throw new IllegalArgumentException(
          "adminPassword (CARBONWATCH_ADMIN_PASSWORD): expected at least 12 characters");
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxBodyBytes: expected 1 KiB..16 MiB, got " + maxBodyBytes);
    }
    if (pbkdf2Iterations < MIN_PBKDF2_ITERATIONS) {
      throw new IllegalArgumentException(
          "pbkdf2Iterations: expected at least "
              + MIN_PBKDF2_ITERATIONS
              + ", got "
              + pbkdf2Iterations);
    }
    if (loginMaxFailures < 1) {
      throw new IllegalArgumentException("loginMaxFailures: expected >= 1");
    }
    requirePositive(loginWindow, "loginWindow");
    requirePositive(sessionTtl, "sessionTtl");
    requirePositive(calibrationScanInterval, "calibrationScanInterval");
    requirePositive(notifyRetryBase, "notifyRetryBase");
    requirePositive(routeTimeout, "routeTimeout");
    if (smtpUri != null && !smtpUri.matches("smtps?://[^:/]+(:\\d+)?/?")) {
      throw new IllegalArgumentException("smtpUri: expected smtp://host:port, got " + smtpUri);
    }
    if (mailFrom == null || !mailFrom.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("mailFrom: expected an e-mail address, got " + mailFrom);
    }
    if (httpInstances < 1 || httpInstances > 64) {
      throw new IllegalArgumentException("httpInstances: expected 1..64, got " + httpInstances);
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": expected a positive duration");
    }
  }

  /** Defaults for a single machine; the caller still supplies where data lives. */
  public static ApiConfig defaults(Path dataDir) {
    return new ApiConfig(
        "127.0.0.1",
        8080,
        null,
        dataDir,
        null,
        null,
        "carbonwatch",
        "admin",
        null,
        true,
        256 * 1024,
        210_000,
        5,
        Duration.ofMinutes(15),
        Duration.ofHours(12),
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        Duration.ofMinutes(10),
        null,
        null,
        "carbonwatch@localhost",
        Duration.ofSeconds(2),
        Duration.ofSeconds(60));
  }

  /**
   * Reads a JSON config object (keys as the record components) with environment overrides: {@code
   * CARBONWATCH_PG_URL}, {@code CARBONWATCH_MQTT_URI}, {@code CARBONWATCH_INFLUX_URL}, {@code
   * CARBONWATCH_ADMIN_USER}, {@code CARBONWATCH_ADMIN_PASSWORD}, {@code CARBONWATCH_HTTP_PORT},
   * {@code CARBONWATCH_SITE_MODEL}, {@code CARBONWATCH_SMTP_URI}.
   */
  public static ApiConfig from(JsonObject json, Map<String, String> env, Path defaultDataDir) {
    ApiConfig d = defaults(defaultDataDir);
    return new ApiConfig(
        json.getString("host", d.host()),
        Integer.parseInt(
            env.getOrDefault("CARBONWATCH_HTTP_PORT", "" + json.getInteger("port", d.port()))),
        env.getOrDefault("CARBONWATCH_PG_URL", json.getString("pgUrl")),
        Path.of(json.getString("dataDir", d.dataDir().toString())),
        env.getOrDefault("CARBONWATCH_MQTT_URI", json.getString("mqttUri")),
        env.getOrDefault("CARBONWATCH_INFLUX_URL", json.getString("influxUrl")),
        json.getString("influxDatabase", d.influxDatabase()),
        env.getOrDefault(
            "CARBONWATCH_ADMIN_USER", json.getString("adminUsername", d.adminUsername())),
        env.getOrDefault("CARBONWATCH_ADMIN_PASSWORD", json.getString("adminPassword")),
        json.getBoolean("secureCookies", d.secureCookies()),
        json.getInteger("maxBodyBytes", d.maxBodyBytes()),
        json.getInteger("pbkdf2Iterations", d.pbkdf2Iterations()),
        json.getInteger("loginMaxFailures", d.loginMaxFailures()),
        Duration.parse(json.getString("loginWindow", d.loginWindow().toString())),
        Duration.parse(json.getString("sessionTtl", d.sessionTtl().toString())),
        json.getInteger("httpInstances", d.httpInstances()),
        Duration.parse(
            json.getString("calibrationScanInterval", d.calibrationScanInterval().toString())),
        env.containsKey("CARBONWATCH_SITE_MODEL")
            ? Path.of(env.get("CARBONWATCH_SITE_MODEL"))
            : json.getString("siteModel") == null ? null : Path.of(json.getString("siteModel")),
        env.getOrDefault("CARBONWATCH_SMTP_URI", json.getString("smtpUri")),
        json.getString("mailFrom", d.mailFrom()),
        Duration.parse(json.getString("notifyRetryBase", d.notifyRetryBase().toString())),
        Duration.parse(json.getString("routeTimeout", d.routeTimeout().toString())));
  }

  /** Parsed {@code postgresql://user:password@host:port/db}. */
  public record PgTarget(String host, int port, String database, String user, String password) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  public static PgTarget parsePgUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "pgUrl (CARBONWATCH_PG_URL): not a URI: " + e.getMessage());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "pgUrl (CARBONWATCH_PG_URL): expected postgresql://user:password@host:port/db");
    }
    String userInfo = uri.getUserInfo();
    if (userInfo == null
        || uri.getHost() == null
        || uri.getPath() == null
        || uri.getPath().length() < 2) {
      throw new IllegalArgumentException(
          "pgUrl (CARBONWATCH_PG_URL): expected postgresql://user:password@host:port/db");
    }
    String[] up = userInfo.split(":", 2);
    return new PgTarget(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        uri.getPath().substring(1),
        up[0],
        up.length > 1 ? up[1] : "");
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(
        host,
        newPort,
        pgUrl,
        dataDir,
        mqttUri,
        influxUrl,
        influxDatabase,
        adminUsername,
        adminPassword,
        secureCookies,
        maxBodyBytes,
        pbkdf2Iterations,
        loginMaxFailures,
        loginWindow,
        sessionTtl,
        httpInstances,
        calibrationScanInterval,
        siteModel,
        smtpUri,
        mailFrom,
        notifyRetryBase,
        routeTimeout);
  }

  public ApiConfig withRouteTimeout(Duration timeout) {
    return new ApiConfig(
        host,
        port,
        pgUrl,
        dataDir,
        mqttUri,
        influxUrl,
        influxDatabase,
        adminUsername,
        adminPassword,
        secureCookies,
        maxBodyBytes,
        pbkdf2Iterations,
        loginMaxFailures,
        loginWindow,
        sessionTtl,
        httpInstances,
        calibrationScanInterval,
        siteModel,
        smtpUri,
        mailFrom,
        notifyRetryBase,
        timeout);
  }
}
