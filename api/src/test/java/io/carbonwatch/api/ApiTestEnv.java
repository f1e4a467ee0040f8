package io.carbonwatch.api;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A running API on a fresh database of the shared test PostgreSQL, plus a blocking HTTP client. */
final class ApiTestEnv implements AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-password-for-tests";

  final Vertx vertx;
  final PostgresServer pg;
  final String database;
  final ApiServer server;
  final WebClient http;
  private String adminToken;

  private ApiTestEnv(Vertx vertx, PostgresServer pg, String database, ApiServer server) {
    this.vertx = vertx;
    this.pg = pg;
    this.database = database;
    this.server = server;
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  /** The example plant shipped in docs/examples (tests run in the module directory). */
  static Path siteModel() {
    Path p = Path.of("..", "docs", "examples", "demo-plant.yaml").toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new IllegalStateException("example plant missing: " + p);
    }
    return p;
  }

  static ApiConfig config(PostgresServer pg, String database, String mqttUri) {
    try {
      Path dir = Files.createTempDirectory("cw-api-test");
      return new ApiConfig(
          "127.0.0.1",
          0,
          "postgresql://"
              + pg.user()
              + ":"
              + pg.password()
              + "@"
              + pg.host()
              + ":"
              + pg.port()
              + "/"
              + database,
          dir,
          mqttUri,
          null,
          "carbonwatch",
          "admin",
          ADMIN_PASSWORD,
          true,
          64 * 1024,
          ApiConfig.MIN_PBKDF2_ITERATIONS,
          5,
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          1,
          Duration.ofMinutes(10),
          siteModel(),
          null,
          "carbonwatch@localhost",
          Duration.ofMillis(100),
          Duration.ofSeconds(30));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A copy with another admin password and SMTP server. */
  static ApiConfig copy(ApiConfig c, String adminPassword, String smtpUri) {
    return copy(c, adminPassword, smtpUri, c.influxUrl());
  }

  static ApiConfig copy(ApiConfig c, String adminPassword, String smtpUri, String influxUrl) {
    return new ApiConfig(
        c.host(),
        c.port(),
        c.pgUrl(),
        c.dataDir(),
        c.mqttUri(),
        influxUrl,
        c.influxDatabase(),
        c.adminUsername(),
        adminPassword,
        c.secureCookies(),
        c.maxBodyBytes(),
        c.pbkdf2Iterations(),
        c.loginMaxFailures(),
        c.loginWindow(),
        c.sessionTtl(),
        c.httpInstances(),
        c.calibrationScanInterval(),
        c.siteModel(),
        smtpUri,
        c.mailFrom(),
        c.notifyRetryBase(),
        c.routeTimeout());
  }

  /** A copy whose failed notifications are retried after {@code base}, doubling per attempt. */
  static ApiConfig withNotifyRetryBase(ApiConfig c, Duration base) {
    return new ApiConfig(
        c.host(),
        c.port(),
        c.pgUrl(),
        c.dataDir(),
        c.mqttUri(),
        c.influxUrl(),
        c.influxDatabase(),
        c.adminUsername(),
        c.adminPassword(),
        c.secureCookies(),
        c.maxBodyBytes(),
        c.pbkdf2Iterations(),
        c.loginMaxFailures(),
        c.loginWindow(),
        c.sessionTtl(),
        c.httpInstances(),
        c.calibrationScanInterval(),
        c.siteModel(),
        c.smtpUri(),
        c.mailFrom(),
        base,
        c.routeTimeout());
  }

  static ApiTestEnv start(Vertx vertx, PostgresServer pg, String database, String mqttUri) {
    return start(vertx, pg, database, config(pg, database, mqttUri));
  }

  static ApiTestEnv start(Vertx vertx, PostgresServer pg, String database, ApiConfig config) {
    pg.createDatabase(database);
    ApiServer server = await(ApiServer.start(vertx, config));
    return new ApiTestEnv(vertx, pg, database, server);
  }

  static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  Connection jdbc() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String token, Object body) {
    HttpRequest<Buffer> req = http.request(method, path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    if (body == null) {
      return await(req.send());
    }
    if (body instanceof String s) {
      return await(req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(s)));
    }
    return await(req.sendJson(body));
  }

  HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  HttpResponse<Buffer> post(String path, String token, Object body) {
    return call(HttpMethod.POST, path, token, body);
  }

  /** Logs in with a password and returns {@code [cookie value, csrf token]}. */
  String[] login(String username, String password) {
    HttpResponse<Buffer> r =
        post(
            "/auth/login",
            null,
            new JsonObject().put("username", username).put("password", password));
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "login " + username + ": " + r.statusCode() + " " + r.bodyAsString());
    }
    String cookie =
        r.cookies().stream()
            .filter(c -> c.startsWith("cw_session="))
            .findFirst()
            .orElseThrow()
            .split(";")[0]
            .substring("cw_session=".length());
    return new String[] {cookie, r.bodyAsJsonObject().getString("csrfToken")};
  }

  synchronized String adminToken() {
    if (adminToken == null) {
      String[] s = login("admin", ADMIN_PASSWORD);
      HttpResponse<Buffer> r =
          await(
              http.post("/auth/tokens")
                  .putHeader("Cookie", "cw_session=" + s[0])
                  .putHeader("X-CSRF-Token", s[1])
                  .sendJson(new JsonObject().put("name", "tests")));
      adminToken = r.bodyAsJsonObject().getString("token");
    }
    return adminToken;
  }

  /** Creates a user with the roles and sites and returns a bearer token for it. */
  String userToken(String username, Set<Role> roles, Set<String> sites) {
    String password = "pw-" + username + "-0123456789";
    HttpResponse<Buffer> r =
        post(
            "/admin/users",
            adminToken(),
            new JsonObject()
                .put("username", username)
                .put("password", password)
                .put("roles", new JsonArray(roles.stream().map(Role::wire).toList()))
                .put("sites", new JsonArray(sites.stream().toList())));
    if (r.statusCode() != 201) {
      throw new AssertionError("create user " + username + ": " + r.bodyAsString());
    }
    String[] s = login(username, password);
    HttpResponse<Buffer> t =
        await(
            http.post("/auth/tokens")
                .putHeader("Cookie", "cw_session=" + s[0])
                .putHeader("X-CSRF-Token", s[1])
                .sendJson(new JsonObject().put("name", "tests")));
    return t.bodyAsJsonObject().getString("token");
  }

  static Map<String, Object> map(Object... kv) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Inserts an open, active alert directly (tests that do not need MQTT); returns its id. */
  String insertAlert(String site, String alertId) throws SQLException {
    java.util.UUID id = java.util.UUID.randomUUID();
    try (Connection c = jdbc();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alerts(id, alert_id, site, rule, target, target_kind, metric, unit,"
                    + " severity, state, condition, last_event_seq, raised_at, last_event_at,"
                    + " message_zh, message_en, updated_at) VALUES (?, ?, ?, 'r', 'SEU-AIR', 'seu',"
                    + " 'energy', 'kWh', 'major', 'open', 'active', 1, now(), now(), '偏差',"
                    + " 'deviation', now())")) {
      ps.setObject(1, id);
      ps.setString(2, alertId);
      ps.setString(3, site);
      ps.executeUpdate();
    }
    return id.toString();
  }

  @Override
  public void close() {
    http.close();
    await(server.stop());
  }
}
