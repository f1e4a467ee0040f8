package io.carbonwatch.api.ui;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.ApiServer;
import io.carbonwatch.testkit.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The API running in-process on real PostgreSQL, Mosquitto and InfluxDB, with the example plant's
 * site model, plus what the browser tests need around it: users, REST look-ups and an MQTT
 * publisher standing in for the stream job.
 */
final class UiStack implements AutoCloseable {
  static final String SITE = "sh-plant";
  static final String ADMIN_PASSWORD = "admin-password-for-ui-tests";

  final Vertx vertx;
  final ApiServer server;
  final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private final MqttClient mqtt;
  private String adminCookie;
  private String adminCsrf;

  private UiStack(Vertx vertx, ApiServer server, MqttClient mqtt) {
    this.vertx = vertx;
    this.server = server;
    this.baseUrl = "http://127.0.0.1:" + server.port();
    this.mqtt = mqtt;
  }

  static Path siteModel() {
    Path p = Path.of("..", "docs", "examples", "demo-plant.yaml").toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new IllegalStateException("example plant missing: " + p);
    }
    return p;
  }

  /**
   * Starts the API through its JSON config (the same path as the {@code carbonwatch api} command),
   * on a fresh database of {@code pg}.
   */
  static UiStack start(PostgresServer pg, String database, String mqttUri, String influxUrl) {
    pg.createDatabase(database);
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("cw-ui-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject json =
        new JsonObject()
            .put("host", "127.0.0.1")
            .put("port", 0)
            .put(
                "pgUrl",
                "postgresql://"
                    + pg.user()
                    + ":"
                    + pg.password()
                    + "@"
                    + pg.host()
                    + ":"
                    + pg.port()
                    + "/"
                    + database)
            .put("mqttUri", mqttUri)
            .put("influxUrl", influxUrl)
            .put("adminUsername", "admin")
            .put("adminPassword", ADMIN_PASSWORD)
            .put("pbkdf2Iterations", ApiConfig.MIN_PBKDF2_ITERATIONS)
            .put("httpInstances", 1)
            .put("siteModel", siteModel().toString());
    ApiConfig config = ApiConfig.from(json, Map.of(), dataDir);
    Vertx vertx = Vertx.vertx();
    ApiServer server;
    try {
      server = ApiServer.start(vertx, config).await(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new AssertionError("API did not start: " + e, e);
    }
    MqttClient client;
    try {
      client = new MqttClient(mqttUri, "ui-test-publisher", new MemoryPersistence());
      client.connect();
    } catch (MqttException e) {
      throw new AssertionError("MQTT publisher could not connect to " + mqttUri, e);
    }
    return new UiStack(vertx, server, client);
  }

  // ---- REST -------------------------------------------------------------------------------

  private synchronized void adminSession() {
    if (adminCookie != null) {
      return;
    }
    String[] s = login("admin", ADMIN_PASSWORD);
    adminCookie = s[0];
    adminCsrf = s[1];
  }

  /** Logs in over REST and returns {@code [cw_session cookie value, csrf token]}. */
  String[] login(String username, String password) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", username)
                            .put("password", password)
                            .encode())));
    if (r.statusCode() != 200) {
      throw new AssertionError("login " + username + ": " + r.statusCode() + " " + r.body());
    }
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("cw_session="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no cw_session cookie in " + r.headers()))
            .split(";")[0]
            .substring("cw_session=".length());
    return new String[] {cookie, new JsonObject(r.body()).getString("csrfToken")};
  }

  /**
   * Creates a user with one role on the test site; the password is {@code pw-<name>-0123456789}.
   */
  String createUser(String username, String role) {
    adminSession();
    String password = "pw-" + username + "-0123456789";
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/admin/users"))
                .header("Content-Type", "application/json")
                .header("Cookie", "cw_session=" + adminCookie)
                .header("X-CSRF-Token", adminCsrf)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", username)
                            .put("password", password)
                            .put("roles", new JsonArray(List.of(role)))
                            .put("sites", new JsonArray(List.of(SITE)))
                            .encode())));
    if (r.statusCode() != 201) {
      throw new AssertionError("create user " + username + ": " + r.statusCode() + " " + r.body());
    }
    return password;
  }

  /** POST with a user's browser session (cookie and CSRF header); returns status and body. */
  HttpResponse<String> postAs(String[] session, String path, JsonObject body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .header("Cookie", "cw_session=" + session[0])
            .header("X-CSRF-Token", session[1])
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /**
   * Fits a daily SEU-AIR electricity baseline on production over {@code [from, to)} and approves it
   * as an engineer, through the API as the Baselines page does.
   */
  void approveBaseline(
      String engineer, String password, String baselineId, Instant from, Instant to) {
    String[] session = login(engineer, password);
    HttpResponse<String> fit =
        postAs(
            session,
            "/sites/" + SITE + "/baselines/fit",
            new JsonObject()
                .put("baselineId", baselineId)
                .put("target", "SEU-AIR")
                .put("level", "seu")
                .put("metric", "electricity")
                .put("unit", "kWh")
                .put("granularity", "daily")
                .put("from", from.toString())
                .put("to", to.toString())
                .put(
                    "variables",
                    new JsonArray().add(new JsonObject().put("name", "RV-PROD").put("unit", "pcs")))
                .put("reason", "test baseline"));
    if (fit.statusCode() != 200) {
      throw new AssertionError("fit " + baselineId + ": " + fit.statusCode() + " " + fit.body());
    }
    HttpResponse<String> ok =
        postAs(
            session,
            "/sites/" + SITE + "/baselines/" + baselineId + "/versions",
            new JsonObject()
                .put("fitId", new JsonObject(fit.body()).getString("fitId"))
                .put("reason", "initial baseline for the live dashboard test"));
    if (ok.statusCode() != 201) {
      throw new AssertionError("approve " + baselineId + ": " + ok.statusCode() + " " + ok.body());
    }
  }

  /** GET as admin; fails on anything but 200. */
  String getText(String path) {
    adminSession();
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Cookie", "cw_session=" + adminCookie)
                .GET());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  JsonObject getJson(String path) {
    return new JsonObject(getText(path));
  }

  JsonArray getJsonArray(String path) {
    return new JsonArray(getText(path));
  }

  /** The alert with the stream's alert id, as the API lists it; null when not stored yet. */
  JsonObject alertByAlertId(String alertId) {
    for (Object o : getJson("/sites/" + SITE + "/alerts?limit=500").getJsonArray("items")) {
      JsonObject a = (JsonObject) o;
      if (a.getString("alertId").equals(alertId)) {
        return a;
      }
    }
    return null;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---- MQTT (standing in for the stream job) -----------------------------------------------

  void publish(String topic, JsonObject payload, int qos) {
    try {
      MqttMessage m = new MqttMessage(payload.encode().getBytes(StandardCharsets.UTF_8));
      m.setQos(qos);
      mqtt.publish(topic, m);
    } catch (MqttException e) {
      throw new AssertionError("publish to " + topic + " failed", e);
    }
  }

  /** A retained AgentStatus (wire format v1) of an edge agent of the test site, stamped now. */
  void publishAgentStatus(String agent, String state, String... alarms) {
    try {
      JsonObject status =
          new JsonObject()
              .put("v", 1)
              .put("site", SITE)
              .put("agent", agent)
              .put("state", state)
              .put("version", "0.1.0")
              .put("configHash", "sha256:" + "cd".repeat(32))
              .put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
              .put(
                  "alarms", new io.vertx.core.json.JsonArray(java.util.List.of((Object[]) alarms)));
      MqttMessage m = new MqttMessage(status.encode().getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      m.setRetained(true);
      mqtt.publish("cw/v1/" + SITE + "/status/" + agent, m);
    } catch (MqttException e) {
      throw new AssertionError("publish status of " + agent + " failed", e);
    }
  }

  /** A LiveSample (wire format v1) for an SEU of the test site, stamped now. */
  void publishLive(String seu, double powerKw, double emissionRateKgPerH, String quality) {
    publishLive(seu, powerKw, emissionRateKgPerH, quality, Instant.now());
  }

  /** A LiveSample with its own event time (a simulation or replay need not follow the clock). */
  void publishLive(
      String seu, double powerKw, double emissionRateKgPerH, String quality, Instant time) {
    publish(
        "cw/v1/" + SITE + "/live/" + seu,
        new JsonObject()
            .put("v", 1)
            .put("site", SITE)
            .put("seu", seu)
            .put("time", time.truncatedTo(ChronoUnit.MILLIS).toString())
            .put("powerKw", powerKw)
            .put("emissionRateKgCo2ePerH", emissionRateKgPerH)
            .put("quality", quality),
        0);
  }

  /** An AlertEvent (wire format v1) as the stream job publishes it. */
  static JsonObject alertEvent(String alertId, String event, int seq, double actual) {
    double expected = 410.0;
    return new JsonObject()
        .put("v", 1)
        .put("event", event)
        .put("alertId", alertId)
        .put("eventSeq", seq)
        .put("site", SITE)
        .put("rule", "dev-air-energy")
        .put("target", "SEU-AIR")
        .put("targetKind", "seu")
        .put("metric", "energy")
        .put("unit", "kWh")
        .put("severity", "major")
        .put("windowStart", "2026-11-24T01:00:00.000Z")
        .put("windowEnd", "2026-11-24T02:00:00.000Z")
        .put("expected", expected)
        .put("actual", actual)
        .put("deviation", actual - expected)
        .put("deviationPercent", Math.round(1000 * (actual - expected) / expected) / 10.0)
        .put("consecutiveWindows", 3)
        .put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .put(
            "message",
            new JsonObject()
                .put("zh-CN", "压缩空气系统 能耗高于基准 26.9%")
                .put("en", "Compressed air energy 26.9% above baseline"));
  }

  void publishAlert(JsonObject event) {
    publish("cw/v1/" + SITE + "/alerts", event, 1);
  }

  @Override
  public void close() {
    try {
      if (mqtt.isConnected()) {
        mqtt.disconnect();
      }
      mqtt.close();
    } catch (MqttException e) {
      // closing anyway
    }
    try {
      server.stop().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("API did not stop cleanly", e);
    } finally {
      vertx.close();
    }
  }
}
