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
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class CalibrationTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();

  static ApiTestEnv env;
  static String technician;
  static String viewer;
  static MqttClient listener;
  static final LinkedBlockingQueue<JsonObject> STATUS = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    env = ApiTestEnv.start(vertx, PG.server(), "calibration", MQTT.uri());
    technician = env.userToken("tech", Set.of(Role.TECHNICIAN), Set.of("sh-plant"));
    viewer = env.userToken("viewer", Set.of(Role.VIEWER), Set.of("sh-plant"));
    listener = new MqttClient(MQTT.uri(), "status-listener", new MemoryPersistence());
    listener.connect();
    // Paho 1.2.5's subscribe(String, int, listener) recurses forever; use the array form.
    listener.subscribe(
        new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
          new org.eclipse.paho.mqttv5.common.MqttSubscription(
              "cw/v1/sh-plant/control/instrument-status", 1)
        },
        new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
          (topic, msg) ->
              STATUS.add(new JsonObject(new String(msg.getPayload(), StandardCharsets.UTF_8)))
        });
  }

  @AfterAll
  static void stop() throws Exception {
    listener.disconnect();
    listener.close();
    env.close();
  }

  static JsonObject awaitStatus(String id, Predicate<JsonObject> until) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      JsonObject msg = STATUS.poll(200, TimeUnit.MILLISECONDS);
      if (msg == null) {
        continue;
      }
      for (Object o : msg.getJsonArray("instruments")) {
        JsonObject i = (JsonObject) o;
        if (i.getString("id").equals(id)) {
          last = i;
          if (until.test(i)) {
            return i;
          }
        }
      }
    }
    throw new AssertionError("no instrument-status for " + id + " matching; last " + last);
  }

  static JsonObject check(String date, double asFound, double asLeft) {
    return new JsonObject()
        .put("checkedOn", date)
        .put("referenceStandard", "标准电能表 HT-3100 0.05级")
        .put("certificateNo", "SH-JL-2026-11-0099")
        .put(
            "testPoints",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("point", "10% Ib, PF=1")
                        .put("asFoundErrorPercent", 0.3)
                        .put("asLeftErrorPercent", 0.2))
                .add(
                    new JsonObject()
                        .put("point", "Imax, PF=0.5L")
                        .put("asFoundErrorPercent", asFound)
                        .put("asLeftErrorPercent", asLeft)))
        .put(
            "attachments",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "certificate scan")
                        .put("ref", "doc:cal/2026/0099.pdf")));
  }

  @Test
  void ledgerIsSynchronisedFromTheSiteModel() {
    JsonArray list = env.get("/sites/sh-plant/instruments", viewer).bodyAsJsonArray();
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("id")))
        .contains("M-MAIN", "M-AIR-1", "M-AIR-2", "M-GAS");
    JsonObject main =
        list.stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("id").equals("M-MAIN"))
            .findFirst()
            .orElseThrow();
    assertThat(main.getString("meteringLevel")).isEqualTo("organisation");
    assertThat(main.getString("accuracyClass")).isEqualTo("0.5S");
    assertThat(main.getInteger("calibrationIntervalMonths")).isEqualTo(12);
    assertThat(main.getString("lastCalibrated")).isEqualTo("2026-03-15");
    // Both names from the site model, so an English page need not show the Chinese one.
    assertThat(main.getJsonObject("names").getString("en")).isEqualTo("Main incomer 10 kV");
    assertThat(main.getJsonObject("names").getString("zh-CN")).isEqualTo("10kV 进线总表");
    assertThat(
            env.get("/sites/sh-plant/instruments/M-MAIN", viewer)
                .bodyAsJsonObject()
                .getJsonObject("names")
                .getString("en"))
        .isEqualTo("Main incomer 10 kV");
  }

  @Test
  void failingCheckDisablesTheInstrumentRaisesItAndPublishesTheStatus() throws Exception {
    // Class 1 meter: MPE ±1 %. As-left +1.6 % at Imax is beyond it.
    HttpResponse<Buffer> r =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-1/calibrations",
            technician,
            check(LocalDate.now().minusDays(1).toString(), 1.8, 1.6));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getJsonObject("check").getDouble("mpePercent")).isEqualTo(1.0);
    assertThat(body.getJsonObject("check").getString("result")).isEqualTo("fail");
    assertThat(body.getJsonObject("instrument").getString("status")).isEqualTo("disabled");
    assertThat(body.getJsonObject("instrument").getString("statusZh")).isEqualTo("停用");
    assertThat(body.getJsonObject("instrument").getString("calibration")).isEqualTo("failed");

    JsonObject published = awaitStatus("M-AIR-1", i -> i.getString("calibration").equals("failed"));
    assertThat(published.getString("status")).isEqualTo("disabled");

    JsonArray alerts =
        env.get("/sites/sh-plant/alerts?limit=500", viewer)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(alerts.stream().map(o -> (JsonObject) o))
        .anySatisfy(
            a -> {
              assertThat(a.getString("rule")).isEqualTo("calibration-failed");
              assertThat(a.getString("target")).isEqualTo("M-AIR-1");
              assertThat(a.getJsonObject("message").getString("zh-CN")).contains("检定不合格");
            });

    JsonObject due = env.get("/sites/sh-plant/reports/calibration-due", viewer).bodyAsJsonObject();
    assertThat(due.getInteger("failed")).isGreaterThanOrEqualTo(1);
    JsonObject rate = env.get("/sites/sh-plant/reports/equipping-rate", viewer).bodyAsJsonObject();
    JsonObject l3 =
        rate.getJsonArray("rows").stream()
            .map(o -> (JsonObject) o)
            .filter(
                o ->
                    o.getString("level").equals("main_equipment")
                        && o.getString("energyType").equals("electricity"))
            .findFirst()
            .orElseThrow();
    assertThat(l3.getLong("points")).isEqualTo(2);
    assertThat(l3.getLong("equipped")).isEqualTo(1);
    assertThat(l3.getDouble("requiredPercent")).isEqualTo(95.0);
    assertThat(l3.getBoolean("compliant")).isFalse();
    assertThat(l3.getJsonObject("source").getString("file")).contains("gb17167");
    assertThat(rate.getBoolean("compliant")).isFalse();

    JsonObject history = env.get("/sites/sh-plant/instruments/M-AIR-1", viewer).bodyAsJsonObject();
    assertThat(history.getJsonArray("checks")).hasSize(1);
    assertThat(
            history
                .getJsonArray("checks")
                .getJsonObject(0)
                .getJsonArray("attachments")
                .getJsonObject(0)
                .getString("ref"))
        .isEqualTo("doc:cal/2026/0099.pdf");
    assertThat(env.get("/audit/verify", env.adminToken()).bodyAsJsonObject().getBoolean("ok"))
        .isTrue();
  }

  @Test
  void checkWhoseNextDueHasPassedMarksTheInstrumentOverdueAndPublishesIt() throws Exception {
    JsonObject body =
        check(LocalDate.now().minusYears(2).toString(), 0.4, 0.4)
            .put("nextDue", LocalDate.now().minusYears(1).toString());
    HttpResponse<Buffer> r =
        env.post("/sites/sh-plant/instruments/M-CHILL/calibrations", technician, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getJsonObject("check").getString("result")).isEqualTo("pass");
    assertThat(r.bodyAsJsonObject().getJsonObject("instrument").getString("calibration"))
        .isEqualTo("overdue");
    JsonObject published =
        awaitStatus("M-CHILL", i -> i.getString("calibration").equals("overdue"));
    assertThat(published.getString("status")).isEqualTo("conditional");
    JsonObject due =
        env.get("/sites/sh-plant/reports/calibration-due?withinDays=0", viewer).bodyAsJsonObject();
    assertThat(due.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .contains("M-CHILL");
  }

  @Test
  void adjustedInstrumentPassesAndMissingOrBadFieldsAreRefused() {
    HttpResponse<Buffer> ok =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations",
            technician,
            check(LocalDate.now().toString(), 1.4, 0.3));
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.bodyAsJsonObject().getJsonObject("check").getString("result"))
        .isEqualTo("adjusted");
    assertThat(ok.bodyAsJsonObject().getJsonObject("instrument").getString("status"))
        .isEqualTo("qualified");

    HttpResponse<Buffer> noCert =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations",
            technician,
            check("2026-01-01", 0, 0).put("certificateNo", null));
    assertThat(noCert.statusCode()).isEqualTo(400);
    assertThat(noCert.bodyAsJsonObject().getString("field")).isEqualTo("certificateNo");
    HttpResponse<Buffer> future =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations",
            technician,
            check(LocalDate.now().plusDays(3).toString(), 0, 0));
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.bodyAsJsonObject().getString("field")).isEqualTo("checkedOn");
    HttpResponse<Buffer> badRef =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations",
            technician,
            check("2026-01-01", 0, 0)
                .put(
                    "attachments",
                    new JsonArray()
                        .add(new JsonObject().put("name", "x").put("ref", "javascript:alert(1)"))));
    assertThat(badRef.statusCode()).isEqualTo(400);
    assertThat(badRef.bodyAsJsonObject().getString("field")).isEqualTo("attachments[0].ref");
    HttpResponse<Buffer> noMpe =
        env.post(
            "/sites/sh-plant/instruments/M-PROD/calibrations",
            technician,
            check("2026-01-01", 0, 0));
    assertThat(noMpe.statusCode()).isEqualTo(422);
    assertThat(noMpe.bodyAsJsonObject().getString("field")).isEqualTo("mpePercent");
    HttpResponse<Buffer> unknown =
        env.post(
            "/sites/sh-plant/instruments/M-NOPE/calibrations",
            technician,
            check("2026-01-01", 0, 0));
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> byViewer =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations", viewer, check("2026-01-01", 0, 0));
    assertThat(byViewer.statusCode()).isEqualTo(403);
  }

  @Test
  void overdueScanRaisesAndPublishesInstrumentsPastTheirDueDate() throws Exception {
    try (java.sql.Connection c = env.jdbc();
        java.sql.Statement st = c.createStatement()) {
      // The ledger says M-GAS is fine but its due date has passed (e.g. the API was down).
      st.executeUpdate(
          "UPDATE instruments SET next_due = current_date - 3, calibration = 'ok', status ="
              + " 'qualified' WHERE site = 'sh-plant' AND id = 'M-GAS'");
    }
    int marked = ApiTestEnv.await(env.server.calibration().scanOverdue());
    assertThat(marked).isGreaterThanOrEqualTo(1);
    JsonObject published = awaitStatus("M-GAS", i -> i.getString("calibration").equals("overdue"));
    assertThat(published.getString("status")).isEqualTo("conditional");
    JsonArray alerts =
        env.get("/sites/sh-plant/alerts?limit=500", viewer)
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(alerts.stream().map(o -> (JsonObject) o))
        .anySatisfy(
            a -> {
              assertThat(a.getString("rule")).isEqualTo("calibration-overdue");
              assertThat(a.getString("target")).isEqualTo("M-GAS");
              assertThat(a.getJsonObject("message").getString("en")).contains("overdue");
            });
    // A second scan finds nothing new and raises nothing twice.
    assertThat(ApiTestEnv.await(env.server.calibration().scanOverdue())).isZero();
  }

  @Test
  void siteModelOnTheControlTopicResynchronisesTheLedger() throws Exception {
    String yaml =
        java.nio.file.Files.readString(ApiTestEnv.siteModel())
            // The meter was replaced: a new serial number (the class stays, other tests use it).
            .replace("serial: AC-2024-000187", "serial: AC-2026-000999");
    io.carbonwatch.core.site.SiteModel model =
        new io.carbonwatch.core.site.SiteModelLoader().loadYaml("changed.yaml", yaml);
    String json = io.carbonwatch.core.site.SiteModelJson.toJson(model);
    byte[] payload =
        io.carbonwatch.core.wire.WireCodec.encode(
            new io.carbonwatch.core.wire.SiteModelControl(
                io.carbonwatch.core.site.SiteModelJson.version(model), json));
    org.eclipse.paho.mqttv5.common.MqttMessage m =
        new org.eclipse.paho.mqttv5.common.MqttMessage(payload);
    m.setQos(1);
    m.setRetained(true);
    listener.publish("cw/v1/sh-plant/control/site-model", m);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String serial = null;
    while (System.nanoTime() < deadline) {
      serial =
          env.get("/sites/sh-plant/instruments/M-MAIN", viewer)
              .bodyAsJsonObject()
              .getString("serial");
      if ("AC-2026-000999".equals(serial)) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(serial).isEqualTo("AC-2026-000999");
  }
}
