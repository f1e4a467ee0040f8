package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.MosquittoExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sites, the dashboards' view of the site model, edge-agent status, and the SSE stream over h2c.
 */
@ExtendWith(VertxExtension.class)
class SiteRoutesTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();

  static ApiTestEnv env;
  static MqttClient publisher;
  static String viewer;
  static String otherSite;
  static String allSites;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    env = ApiTestEnv.start(vertx, PG.server(), "site_routes", MQTT.uri());
    viewer = env.userToken("site-viewer", Set.of(Role.VIEWER), Set.of("sh-plant"));
    otherSite = env.userToken("elsewhere", EnumSet.allOf(Role.class), Set.of("bj-plant"));
    allSites = env.userToken("everywhere", Set.of(Role.TECHNICIAN), Set.of("*"));
    publisher = new MqttClient(MQTT.uri(), "site-routes-publisher", new MemoryPersistence());
    publisher.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    publisher.disconnect();
    publisher.close();
    env.close();
  }

  static List<String> siteIds(String token) {
    HttpResponse<Buffer> r = env.get("/sites", token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(o -> ids.add(((JsonObject) o).getString("id")));
    return ids;
  }

  @Test
  void sitesListsOnlyTheSitesTheCallerMayOpen() {
    assertThat(siteIds(viewer)).containsExactly("sh-plant");
    assertThat(siteIds(allSites)).containsExactly("sh-plant");
    // A site the model does not know is not invented for a user scoped to it.
    assertThat(siteIds(otherSite)).isEmpty();
    JsonObject site =
        env.get("/sites", viewer).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(site.getJsonObject("name").getString("zh-CN")).isEqualTo("上海工厂");
    assertThat(site.getJsonObject("name").getString("en")).isEqualTo("Shanghai plant");
    assertThat(site.getString("timeZone")).isEqualTo("Asia/Shanghai");
  }

  @Test
  void modelCarriesSeusParametersMetersAndVariablesWithNamesAndUnits() {
    HttpResponse<Buffer> r = env.get("/sites/sh-plant/model", viewer);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject m = r.bodyAsJsonObject();
    JsonObject air = byId(m.getJsonArray("seus"), "SEU-AIR");
    assertThat(air.getJsonObject("name").getString("zh-CN")).isEqualTo("压缩空气系统");
    assertThat(air.getJsonArray("meters").getList()).containsExactly("M-AIR-1", "M-AIR-2");
    assertThat(air.getJsonArray("relevantVariables").getList()).containsExactly("RV-PROD");
    assertThat(byId(m.getJsonArray("seus"), "SEU-CHILL").getJsonArray("sources").getList())
        .containsExactly("SRC-REFRIG");
    JsonObject sec = byId(m.getJsonArray("parameters"), "P-AIR-SEC");
    assertThat(sec.getString("kind")).isEqualTo("intensity");
    assertThat(sec.getString("unit")).isEqualTo("kWh/pcs");
    assertThat(sec.getString("numerator")).isEqualTo("SEU-AIR");
    assertThat(sec.getString("denominator")).isEqualTo("RV-PROD");
    JsonObject total = byId(m.getJsonArray("parameters"), "P-SITE-CO2E");
    assertThat(total.getString("denominator")).isNull();
    assertThat(total.getString("measure")).isEqualTo("emissions");
    JsonObject meter = byId(m.getJsonArray("meters"), "M-AIR-1");
    assertThat(meter.getString("level")).isEqualTo("main_equipment");
    assertThat(meter.getString("energyType")).isEqualTo("electricity");
    assertThat(meter.getJsonObject("name").getString("en")).isEqualTo("Air compressor 1");
    assertThat(byId(meter.getJsonArray("channels"), "energy_import").getString("unit"))
        .isEqualTo("kWh");
    assertThat(byId(meter.getJsonArray("channels"), "power_active").getString("unit"))
        .isEqualTo("W");
    assertThat(byId(m.getJsonArray("relevantVariables"), "RV-PROD").getString("unit")).isNotBlank();
  }

  @Test
  void modelCarriesTheSiteModelsBaselinesWithTheirPreFittedModels() {
    HttpResponse<Buffer> r = env.get("/sites/sh-plant/model", viewer);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray baselines = r.bodyAsJsonObject().getJsonArray("baselines");
    JsonObject air = byId(baselines, "BL-AIR");
    assertThat(air.getString("source")).isEqualTo("site-model");
    assertThat(air.getString("target")).isEqualTo("SEU-AIR");
    assertThat(air.getString("measure")).isEqualTo("energy");
    assertThat(air.getString("metric")).isEqualTo("electricity");
    assertThat(air.getString("unit")).isEqualTo("kWh");
    assertThat(air.getString("granularity")).isEqualTo("hour");
    assertThat(air.getString("basePeriodStart")).isEqualTo("2026-01-01");
    assertThat(air.getJsonObject("name").getString("en"))
        .isEqualTo("Compressed-air energy baseline");
    JsonObject model = air.getJsonObject("model");
    assertThat(model.getDouble("intercept")).isEqualTo(38.0);
    assertThat(model.getJsonObject("coefficients").getDouble("RV-PROD")).isEqualTo(0.42);
    assertThat(model.getDouble("residualStdError")).isEqualTo(6.5);
    JsonObject boiler = byId(baselines, "BL-BOILER");
    assertThat(boiler.getString("metric")).isEqualTo("natural_gas");
    assertThat(boiler.getString("unit")).isEqualTo("Nm3");
    // A definition without a pre-fitted model waits for an approved version.
    JsonObject siteBl = byId(baselines, "BL-SITE");
    assertThat(siteBl.getString("unit")).isEqualTo("tCO2e");
    assertThat(siteBl.getString("granularity")).isEqualTo("month");
    assertThat(siteBl.getValue("model")).isNull();
  }

  @Test
  void modelOfAnotherSiteIsRefusedAndOfAnUnknownSiteNotFound() {
    HttpResponse<Buffer> refused = env.get("/sites/sh-plant/model", otherSite);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("auth.site");
    HttpResponse<Buffer> unknown = env.get("/sites/nowhere/model", allSites);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
    assertThat(unknown.bodyAsJsonObject().getJsonObject("message").getString("zh-CN")).isNotBlank();
  }

  @Test
  void statusListsTheAgentsLatestRetainedStatusPerSite() throws Exception {
    publishStatus("sh-plant", "edge-9", "online", "2026-11-24T02:00:00.000Z", "queue_full");
    publishStatus("bj-plant", "edge-bj", "online", "2026-11-24T02:00:00.000Z");
    // A status whose body names another agent than its topic is rejected, not stored.
    publisher.publish(
        "cw/v1/sh-plant/status/edge-spoof",
        message(status("sh-plant", "edge-x", "online", "2026-11-24T02:00:00.000Z"), true));
    JsonObject a = awaitAgent("edge-9", x -> true);
    assertThat(a.getString("state")).isEqualTo("online");
    assertThat(a.getString("version")).isEqualTo("0.1.0");
    assertThat(a.getString("configHash")).startsWith("sha256:");
    assertThat(a.getJsonArray("alarms").getList()).containsExactly("queue_full");
    assertThat(a.getString("time")).isEqualTo("2026-11-24T02:00:00Z");

    // The last-will says offline; an older message arriving later does not undo it.
    publishStatus("sh-plant", "edge-9", "offline", "2026-11-24T02:05:00.000Z");
    awaitAgent("edge-9", x -> "offline".equals(x.getString("state")));
    publishStatus("sh-plant", "edge-9", "online", "2026-11-24T01:00:00.000Z");
    // A marker agent published after the stale message proves the stale one was processed.
    publishStatus("sh-plant", "edge-marker", "online", "2026-11-24T02:06:00.000Z");
    awaitAgent("edge-marker", x -> true);
    JsonArray agents =
        env.get("/sites/sh-plant/status", viewer).bodyAsJsonObject().getJsonArray("agents");
    assertThat(byAgent(agents, "edge-9").getString("state")).isEqualTo("offline");
    assertThat(agents.stream().map(o -> ((JsonObject) o).getString("agent")))
        .doesNotContain("edge-bj", "edge-x", "edge-spoof");
    assertThat(env.get("/sites/sh-plant/status", otherSite).statusCode()).isEqualTo(403);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void liveStreamIsReadableByADefaultJavaHttpClientPreferringHttp2() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.server.port() + "/sites/sh-plant/live"))
            .header("Authorization", "Bearer " + viewer)
            .header("Accept", "text/event-stream")
            .build();
    java.net.http.HttpResponse<InputStream> res =
        client.send(req, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    // The client offered h2c; the server declines it, so the stream stays on HTTP/1.1 and never
    // takes Vert.x's HTTP/2 response path, where a failing stream raised a ClassCastException.
    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.contains("connected to sh-plant")) {
        // The stream's preamble: retry and the connected comment.
      }
      assertThat(line).contains("connected to sh-plant");
      publisher.publish(
          "cw/v1/sh-plant/live/SEU-AIR",
          message(
              new JsonObject()
                  .put("v", 1)
                  .put("site", "sh-plant")
                  .put("seu", "SEU-AIR")
                  .put("time", "2026-11-24T02:00:05.000Z")
                  .put("powerKw", 77.5)
                  .put("emissionRateKgCo2ePerH", 45.0)
                  .put("quality", "good"),
              false));
      StringBuilder seen = new StringBuilder();
      while ((line = in.readLine()) != null && !line.contains("\"powerKw\":77.5")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as(seen.toString()).startsWith("data: {").contains("\"seu\":\"SEU-AIR\"");
    }
  }

  static JsonObject awaitAgent(String agent, Predicate<JsonObject> until) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> r = env.get("/sites/sh-plant/status", viewer);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      last = byAgent(r.bodyAsJsonObject().getJsonArray("agents"), agent);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("agent " + agent + " not as expected; last: " + last);
  }

  static JsonObject status(String site, String agent, String state, String time, String... alarms) {
    return new JsonObject()
        .put("v", 1)
        .put("site", site)
        .put("agent", agent)
        .put("state", state)
        .put("version", "0.1.0")
        .put("configHash", "sha256:" + "ab".repeat(32))
        .put("time", time)
        .put("alarms", new JsonArray(List.of((Object[]) alarms)));
  }

  static MqttMessage message(JsonObject body, boolean retained) {
    MqttMessage m = new MqttMessage(body.encode().getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    m.setRetained(retained);
    return m;
  }

  static void publishStatus(String site, String agent, String state, String time, String... alarms)
      throws Exception {
    publisher.publish(
        "cw/v1/" + site + "/status/" + agent,
        message(status(site, agent, state, time, alarms), true));
  }

  static JsonObject byId(JsonArray a, String id) {
    for (Object o : a) {
      if (id.equals(((JsonObject) o).getString("id"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError(id + " not in " + a.encode());
  }

  static JsonObject byAgent(JsonArray a, String agent) {
    for (Object o : a) {
      if (agent.equals(((JsonObject) o).getString("agent"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }
}
