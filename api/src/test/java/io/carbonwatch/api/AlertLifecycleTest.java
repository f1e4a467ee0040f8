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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class AlertLifecycleTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();

  static ApiTestEnv env;
  static MqttClient publisher;
  static String operator;
  static String viewer;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    env = ApiTestEnv.start(vertx, PG.server(), "alert_lifecycle", MQTT.uri());
    operator = env.userToken("op1", Set.of(Role.OPERATOR), Set.of("sh-plant"));
    viewer = env.userToken("view1", Set.of(Role.VIEWER), Set.of("sh-plant"));
    publisher = new MqttClient(MQTT.uri(), "test-publisher", new MemoryPersistence());
    publisher.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    publisher.disconnect();
    publisher.close();
    env.close();
  }

  static JsonObject event(String alertId, String event, int seq, double actual) {
    return new JsonObject()
        .put("v", 1)
        .put("event", event)
        .put("alertId", alertId)
        .put("eventSeq", seq)
        .put("site", "sh-plant")
        .put("rule", "dev-air-energy")
        .put("target", "SEU-AIR")
        .put("targetKind", "seu")
        .put("metric", "energy")
        .put("unit", "kWh")
        .put("severity", "major")
        .put("windowStart", "2026-11-24T01:00:00.000Z")
        .put("windowEnd", "2026-11-24T02:00:00.000Z")
        .put("expected", 410.0)
        .put("actual", actual)
        .put("deviation", actual - 410.0)
        .put("deviationPercent", 100 * (actual - 410.0) / 410.0)
        .put("consecutiveWindows", 3)
        .put("time", "2026-11-24T02:00:0" + seq + ".000Z")
        .put(
            "message",
            new JsonObject()
                .put("zh-CN", "压缩空气系统 能耗高于基准")
                .put("en", "Compressed air energy above baseline"));
  }

  static void publish(JsonObject event) throws Exception {
    MqttMessage m = new MqttMessage(event.encode().getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    publisher.publish("cw/v1/" + event.getString("site") + "/alerts", m);
  }

  /** Polls the API until the alert satisfies {@code until}; fails after 20 s. */
  static JsonObject awaitAlert(String alertId, Predicate<JsonObject> until) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> r = env.get("/sites/sh-plant/alerts?limit=500", viewer);
      assertThat(r.statusCode()).isEqualTo(200);
      for (Object o : r.bodyAsJsonObject().getJsonArray("items")) {
        JsonObject a = (JsonObject) o;
        if (a.getString("alertId").equals(alertId)) {
          last = a;
          if (until.test(a)) {
            return a;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "alert " + alertId + " never reached the expected state; last: " + last);
  }

  HttpResponse<Buffer> transition(String id, JsonObject body) {
    return env.post("/sites/sh-plant/alerts/" + id + "/transitions", operator, body);
  }

  @Test
  void alertGoesFromMqttEventToClosureWithEveryTransitionRecorded() throws Exception {
    String alertId = "sh-plant/dev-air-energy/2026-11-24T02:00:00Z";
    publish(event(alertId, "raised", 1, 520.5));
    JsonObject alert = awaitAlert(alertId, a -> true);
    assertThat(alert.getString("state")).isEqualTo("open");
    assertThat(alert.getString("condition")).isEqualTo("active");
    assertThat(alert.getDouble("actual")).isEqualTo(520.5);
    String id = alert.getString("id");

    publish(event(alertId, "updated", 2, 560.0));
    awaitAlert(alertId, a -> a.getInteger("lastEventSeq") == 2);

    JsonObject ack =
        transition(id, new JsonObject().put("to", "acknowledged").put("assignee", "li.wei"))
            .bodyAsJsonObject();
    assertThat(ack.getString("state")).isEqualTo("acknowledged");
    assertThat(ack.getString("assignee")).isEqualTo("li.wei");
    assertThat(transition(id, new JsonObject().put("to", "investigating")).statusCode())
        .isEqualTo(200);
    assertThat(
            transition(
                    id,
                    new JsonObject()
                        .put("to", "resolved")
                        .put("cause", "泄漏 leak at header valve V-12")
                        .put("correction", "valve replaced")
                        .put("correctiveAction", "monthly ultrasonic leak survey"))
                .statusCode())
        .isEqualTo(200);

    // The deviation is still active: closing is refused until the job clears it.
    HttpResponse<Buffer> early =
        transition(
            id,
            new JsonObject()
                .put("to", "closed")
                .put("effectivenessCheck", "energy back within baseline for 7 days")
                .put("closure", "closed by operations"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getString("code")).isEqualTo("alert.still_active");

    publish(event(alertId, "cleared", 3, 400.0));
    awaitAlert(alertId, a -> a.getString("condition").equals("cleared"));

    HttpResponse<Buffer> closed =
        transition(
            id,
            new JsonObject()
                .put("to", "closed")
                .put("effectivenessCheck", "energy back within baseline for 7 days")
                .put("closure", "closed by operations"));
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.bodyAsJsonObject().getString("state")).isEqualTo("closed");
    assertThat(closed.bodyAsJsonObject().getJsonArray("allowedTransitions")).isEmpty();

    JsonObject detail = env.get("/sites/sh-plant/alerts/" + id, viewer).bodyAsJsonObject();
    JsonArray transitions = detail.getJsonArray("transitions");
    assertThat(transitions.stream().map(t -> ((JsonObject) t).getString("to")))
        .containsExactly("acknowledged", "investigating", "resolved", "closed");
    assertThat(transitions.stream().map(t -> ((JsonObject) t).getString("actor")))
        .containsOnly("op1");
    assertThat(transitions.getJsonObject(2).getJsonObject("fields").getString("correctiveAction"))
        .isEqualTo("monthly ultrasonic leak survey");
    assertThat(detail.getJsonArray("events").size()).isEqualTo(3);

    JsonObject verify = env.get("/audit/verify", env.adminToken()).bodyAsJsonObject();
    assertThat(verify.getBoolean("ok")).isTrue();
    assertThat(verify.getLong("checked")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void redeliveredAlertEventChangesNothing() throws Exception {
    String alertId = "sh-plant/dev-air-energy/2026-11-25T02:00:00Z";
    publish(event(alertId, "raised", 1, 600.0));
    JsonObject first = awaitAlert(alertId, a -> true);
    String id = first.getString("id");
    assertThat(
            transition(id, new JsonObject().put("to", "acknowledged").put("assignee", "zhang"))
                .statusCode())
        .isEqualTo(200);
    JsonObject before = env.get("/sites/sh-plant/alerts/" + id, viewer).bodyAsJsonObject();

    // The same (alertId, eventSeq) again, even with different content, and a marker event after
    // it: once the marker is stored the redelivery has certainly been processed.
    publish(event(alertId, "raised", 1, 999.0));
    publish(event("sh-plant/marker/" + alertId, "raised", 1, 1.0));
    awaitAlert("sh-plant/marker/" + alertId, a -> true);

    JsonObject after = env.get("/sites/sh-plant/alerts/" + id, viewer).bodyAsJsonObject();
    assertThat(after).isEqualTo(before);
    assertThat(after.getString("state")).isEqualTo("acknowledged");
    assertThat(after.getDouble("actual")).isEqualTo(600.0);
    try (Connection c = env.jdbc();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM alert_events WHERE alert_id = '" + alertId + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void lateOlderEventIsKeptInHistoryButDoesNotOverwriteNewerMeasurements() throws Exception {
    String alertId = "sh-plant/dev-air-energy/2026-11-29T02:00:00Z";
    publish(event(alertId, "raised", 1, 600.0));
    publish(event(alertId, "updated", 3, 700.0));
    JsonObject a = awaitAlert(alertId, x -> x.getInteger("lastEventSeq") == 3);
    publish(event(alertId, "updated", 2, 650.0));
    // Messages are stored concurrently, so a marker event published after this one could be
    // stored first; wait for the late event itself to reach the history.
    JsonObject detail = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      detail = env.get("/sites/sh-plant/alerts/" + a.getString("id"), viewer).bodyAsJsonObject();
      if (detail.getJsonArray("events").size() >= 3) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(detail.getDouble("actual")).isEqualTo(700.0);
    assertThat(detail.getInteger("lastEventSeq")).isEqualTo(3);
    assertThat(
            detail.getJsonArray("events").stream()
                .map(o -> ((JsonObject) o).getInteger("eventSeq")))
        .containsExactly(1, 2, 3);
  }

  @Test
  void transitionIsRefusedWhenNotAllowedOrFieldMissing() throws Exception {
    String alertId = "sh-plant/dev-air-energy/2026-11-26T02:00:00Z";
    publish(event(alertId, "raised", 1, 600.0));
    String id = awaitAlert(alertId, a -> true).getString("id");

    HttpResponse<Buffer> skip =
        transition(
            id,
            new JsonObject()
                .put("to", "resolved")
                .put("cause", "c")
                .put("correction", "c")
                .put("correctiveAction", "c"));
    assertThat(skip.statusCode()).isEqualTo(409);
    assertThat(skip.bodyAsJsonObject().getString("code")).isEqualTo("alert.transition_not_allowed");
    assertThat(skip.bodyAsJsonObject().getJsonObject("message").getString("en"))
        .contains("from open to resolved");

    HttpResponse<Buffer> noAssignee = transition(id, new JsonObject().put("to", "acknowledged"));
    assertThat(noAssignee.statusCode()).isEqualTo(422);
    assertThat(noAssignee.bodyAsJsonObject().getString("field")).isEqualTo("assignee");
    assertThat(noAssignee.bodyAsJsonObject().getJsonObject("message").getString("zh-CN"))
        .contains("assignee");

    HttpResponse<Buffer> byViewer =
        env.post(
            "/sites/sh-plant/alerts/" + id + "/transitions",
            viewer,
            new JsonObject().put("to", "acknowledged").put("assignee", "x"));
    assertThat(byViewer.statusCode()).isEqualTo(403);

    JsonObject detail = env.get("/sites/sh-plant/alerts/" + id, viewer).bodyAsJsonObject();
    assertThat(detail.getString("state")).isEqualTo("open");
    assertThat(detail.getJsonArray("transitions")).isEmpty();
  }

  @Test
  void malformedAlertEventIsDeadLetteredAndDoesNotBlockLaterEvents() throws Exception {
    MqttMessage bad =
        new MqttMessage("{\"v\":1,\"event\":\"exploded\"}".getBytes(StandardCharsets.UTF_8));
    bad.setQos(1);
    publisher.publish("cw/v1/sh-plant/alerts", bad);
    String alertId = "sh-plant/dev-air-energy/2026-11-27T02:00:00Z";
    publish(event(alertId, "raised", 1, 600.0));
    assertThat(awaitAlert(alertId, a -> true).getString("state")).isEqualTo("open");
    String metrics = env.get("/metrics", env.adminToken()).bodyAsString();
    assertThat(metrics).containsPattern("api_mqtt_rejected_messages_total(\\{[^}]*\\})? [1-9]");
    assertThat(metrics)
        .containsPattern(
            "api_http_requests_seconds_count\\{[^}]*route=\"/sites/\\{site}/alerts\"[^}]*status=\"200\"[^}]*} [1-9]");
  }

  @Test
  void liveStreamPushesTheSitesSamplesAndAlertChangesOnly(Vertx vertx) throws Exception {
    StringBuffer received = new StringBuffer();
    io.vertx.core.http.HttpClient client = vertx.createHttpClient();
    io.vertx.core.http.HttpClientResponse res =
        ApiTestEnv.await(
            client
                .request(
                    new io.vertx.core.http.RequestOptions()
                        .setHost("127.0.0.1")
                        .setPort(env.server.port())
                        .setURI("/sites/sh-plant/live")
                        .putHeader("Authorization", "Bearer " + viewer))
                .compose(io.vertx.core.http.HttpClientRequest::send)
                // The handler must be set on the event loop, before the first chunk arrives.
                .map(
                    r -> {
                      r.handler(b -> received.append(b.toString()));
                      return r;
                    }));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.getHeader("Content-Type")).startsWith("text/event-stream");
    // The server registers the stream before it answers 200; the "connected" frame can race the
    // handler above, so wait for it briefly but never let it eat the delivery wait below.
    long connected = System.nanoTime() + 5_000_000_000L;
    while (!received.toString().contains("connected") && System.nanoTime() < connected) {
      Thread.sleep(20);
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    publishLive("bj-plant", "SEU-OTHER", 999.0);
    publishLive("sh-plant", "SEU-AIR", 182.4);
    String alertId = "sh-plant/dev-air-energy/2026-11-28T02:00:00Z";
    publish(event(alertId, "raised", 1, 600.0));
    while (!(received.toString().contains("SEU-AIR") && received.toString().contains(alertId))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String text = received.toString();
    assertThat(text).contains("event: live\ndata: {").contains("\"powerKw\":182.4");
    assertThat(text).contains("event: alert\ndata: {").contains(alertId);
    assertThat(text).doesNotContain("SEU-OTHER").doesNotContain("bj-plant");
    client.close();
  }

  static void publishLive(String site, String seu, double kw) throws Exception {
    JsonObject sample =
        new JsonObject()
            .put("v", 1)
            .put("site", site)
            .put("seu", seu)
            .put("time", "2026-11-24T02:00:05.000Z")
            .put("powerKw", kw)
            .put("emissionRateKgCo2ePerH", kw * 0.58)
            .put("quality", "good");
    MqttMessage m = new MqttMessage(sample.encode().getBytes(StandardCharsets.UTF_8));
    m.setQos(0);
    publisher.publish("cw/v1/" + site + "/live/" + seu, m);
  }
}
