package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Baseline fit from real InfluxDB history (points written per docs/influxdb-schema.md). */
@ExtendWith(VertxExtension.class)
class BaselineTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static ApiTestEnv env;
  static String engineer;
  static String viewer;
  static MqttClient listener;
  static final LinkedBlockingQueue<JsonObject> CONTROL = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    INFLUX.createDatabase("carbonwatch");
    Random rnd = new Random(7);
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      for (int d = 0; d < 90; d++) {
        long t = START.plus(d, ChronoUnit.DAYS).toEpochMilli();
        double production = 200 + rnd.nextInt(300);
        double energy = 1500 + 2.5 * production + rnd.nextGaussian() * 40;
        batch.point(point("activity", t, "seu", "SEU-AIR", "electricity", "kWh", energy));
        batch.point(
            point("variables", t, "variable", "production", "production", "pcs", production));
        // A noise series with no relation to production: its fit must fail the gates.
        batch.point(
            point(
                "activity",
                t,
                "seu",
                "SEU-NOISE",
                "electricity",
                "kWh",
                1000 + rnd.nextGaussian() * 300));
        for (int h = 0; h < 24; h++) {
          batch.point(
              point(
                  "activity",
                  t + h * 3_600_000L,
                  "seu",
                  "SEU-AIR",
                  "electricity",
                  "kWh",
                  energy / 24,
                  "1h"));
        }
      }
      influx.write(batch.build());
    }
    ApiConfig c = ApiTestEnv.config(PG.server(), "baselines", MQTT.uri());
    env =
        ApiTestEnv.start(
            vertx,
            PG.server(),
            "baselines",
            ApiTestEnv.copy(c, ApiTestEnv.ADMIN_PASSWORD, null, INFLUX.url()));
    engineer = env.userToken("eng", Set.of(Role.ENGINEER), Set.of("sh-plant"));
    viewer = env.userToken("view", Set.of(Role.VIEWER), Set.of("sh-plant"));
    listener = new MqttClient(MQTT.uri(), "baseline-listener", new MemoryPersistence());
    listener.connect();
    listener.subscribe(
        new MqttSubscription[] {new MqttSubscription("cw/v1/sh-plant/control/baselines", 1)},
        new IMqttMessageListener[] {
          (topic, msg) ->
              CONTROL.add(new JsonObject(new String(msg.getPayload(), StandardCharsets.UTF_8)))
        });
  }

  static Point point(
      String m, long t, String level, String id, String metric, String unit, double v) {
    return point(m, t, level, id, metric, unit, v, "1d");
  }

  static Point point(
      String m,
      long t,
      String level,
      String id,
      String metric,
      String unit,
      double v,
      String window) {
    return Point.measurement(m)
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("level", level)
        .tag("id", id)
        .tag("metric", metric)
        .tag("window", window)
        .tag("unit", unit)
        .addField("value", v)
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    listener.disconnect();
    listener.close();
    env.close();
  }

  static JsonObject fitBody(String target, String reason) {
    return new JsonObject()
        .put("baselineId", "BL-" + target)
        .put("target", target)
        .put("metric", "electricity")
        .put("unit", "kWh")
        .put("granularity", "daily")
        .put("from", START.toString())
        .put("to", START.plus(90, ChronoUnit.DAYS).toString())
        .put(
            "variables",
            new JsonArray().add(new JsonObject().put("name", "production").put("unit", "pcs")))
        .put("reason", reason);
  }

  @Test
  void fitsFromHistoryApprovesWithReasonPublishesAndKeepsEveryVersion() throws Exception {
    HttpResponse<Buffer> fit =
        env.post(
            "/sites/sh-plant/baselines/fit",
            engineer,
            fitBody("SEU-AIR", "initial base period 2026 Q1"));
    assertThat(fit.statusCode()).as(fit.bodyAsString()).isEqualTo(200);
    JsonObject f = fit.bodyAsJsonObject();
    assertThat(f.getInteger("observations")).isEqualTo(90);
    JsonObject model = f.getJsonObject("model");
    double slope = model.getJsonArray("terms").getJsonObject(0).getDouble("coefficient");
    assertThat(slope).isBetween(2.3, 2.7);
    assertThat(model.getJsonObject("statistics").getDouble("r2")).isGreaterThan(0.9);
    assertThat(f.getJsonObject("gates").getBoolean("valid")).isTrue();
    assertThat(
            f.getJsonObject("gates").getJsonArray("results").stream()
                .map(o -> ((JsonObject) o).getString("status")))
        .contains("pass");

    HttpResponse<Buffer> byViewer =
        env.post(
            "/sites/sh-plant/baselines/BL-SEU-AIR/versions",
            viewer,
            new JsonObject().put("fitId", f.getString("fitId")).put("reason", "x y z"));
    assertThat(byViewer.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> v1 =
        env.post(
            "/sites/sh-plant/baselines/BL-SEU-AIR/versions",
            engineer,
            new JsonObject().put("fitId", f.getString("fitId")).put("reason", "initial baseline"));
    assertThat(v1.statusCode()).as(v1.bodyAsString()).isEqualTo(201);
    assertThat(v1.bodyAsJsonObject().getInteger("version")).isEqualTo(1);

    JsonObject published = CONTROL.poll(20, TimeUnit.SECONDS);
    assertThat(published).isNotNull();
    JsonObject b = published.getJsonArray("baselines").getJsonObject(0);
    assertThat(b.getString("id")).isEqualTo("BL-SEU-AIR");
    assertThat(b.getLong("revision")).isEqualTo(1);
    assertThat(b.getString("reason")).isEqualTo("initial baseline");
    assertThat(b.getString("approvedBy")).isEqualTo("eng");

    HttpResponse<Buffer> fit2 =
        env.post(
            "/sites/sh-plant/baselines/fit",
            engineer,
            fitBody("SEU-AIR", "boundary changed: new compressor"));
    HttpResponse<Buffer> v2 =
        env.post(
            "/sites/sh-plant/baselines/BL-SEU-AIR/versions",
            engineer,
            new JsonObject()
                .put("fitId", fit2.bodyAsJsonObject().getString("fitId"))
                .put("reason", "boundary changed: new compressor"));
    assertThat(v2.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    JsonArray versions = env.get("/sites/sh-plant/baselines/BL-SEU-AIR", viewer).bodyAsJsonArray();
    assertThat(versions.stream().map(o -> ((JsonObject) o).getInteger("version")))
        .containsExactly(2, 1);
    assertThat(versions.getJsonObject(1).getString("reason")).isEqualTo("initial baseline");
    assertThat(env.get("/audit/verify", env.adminToken()).bodyAsJsonObject().getBoolean("ok"))
        .isTrue();
  }

  /**
   * sh-plant runs on Asia/Shanghai: its local days (and so the job's 1d windows) start at 16:00 UTC
   * the day before, so a UTC month would take each month's first local day into the previous month.
   */
  @Test
  void monthlyFitSumsTheSitesLocalCalendarMonthsNotUtcMonths() {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    LocalDate first = LocalDate.of(2025, 1, 1);
    LocalDate end = LocalDate.of(2026, 1, 1);
    Map<YearMonth, Double> localMonths = new TreeMap<>();
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
        // The first local day of a month weighs ten times more: misplacing it shows in the sums.
        double energy = d.getDayOfMonth() == 1 ? 1000 : 100;
        long t = d.atStartOfDay(shanghai).toInstant().toEpochMilli();
        batch.point(point("activity", t, "seu", "SEU-MONTH", "electricity", "kWh", energy));
        localMonths.merge(YearMonth.from(d), energy, Double::sum);
      }
      influx.write(batch.build());
    }
    Instant from = first.atStartOfDay(shanghai).toInstant();
    Instant to = end.atStartOfDay(shanghai).toInstant();
    assertThat(from).isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
    HttpResponse<Buffer> fit =
        env.post(
            "/sites/sh-plant/baselines/fit",
            engineer,
            new JsonObject()
                .put("baselineId", "BL-MONTH")
                .put("target", "SEU-MONTH")
                .put("metric", "electricity")
                .put("unit", "kWh")
                .put("kind", "absolute")
                .put("granularity", "monthly")
                .put("from", from.toString())
                .put("to", to.toString())
                .put("reason", "monthly base period 2025"));
    assertThat(fit.statusCode()).as(fit.bodyAsString()).isEqualTo(200);
    JsonObject f = fit.bodyAsJsonObject();
    assertThat(f.getString("timeZone")).isEqualTo("Asia/Shanghai");
    // UTC months would give 13 periods (the 16:00Z point of 31 Dec 2024 lands in December).
    assertThat(f.getInteger("observations")).isEqualTo(12);
    JsonObject model = f.getJsonObject("model");
    assertThat(model.getString("basePeriodStart")).isEqualTo("2024-12-31T16:00:00Z");
    assertThat(model.getString("basePeriodEnd")).isEqualTo("2025-12-31T16:00:00Z");
    double mean = localMonths.values().stream().mapToDouble(Double::doubleValue).sum() / 12;
    assertThat(model.getDouble("intercept")).isCloseTo(mean, within(1e-6));
  }

  @Test
  void fitThatFailsAGateCannotBeApproved() {
    HttpResponse<Buffer> fit =
        env.post("/sites/sh-plant/baselines/fit", engineer, fitBody("SEU-NOISE", "try noise"));
    assertThat(fit.statusCode()).isEqualTo(200);
    assertThat(fit.bodyAsJsonObject().getJsonObject("gates").getBoolean("valid")).isFalse();
    HttpResponse<Buffer> approve =
        env.post(
            "/sites/sh-plant/baselines/BL-SEU-NOISE/versions",
            engineer,
            new JsonObject()
                .put("fitId", fit.bodyAsJsonObject().getString("fitId"))
                .put("reason", "please"));
    assertThat(approve.statusCode()).isEqualTo(422);
    assertThat(approve.bodyAsJsonObject().getString("code")).isEqualTo("baseline.gates_failed");
  }

  @Test
  void fitWithoutDataSaysHowManyPeriodsItHad() {
    HttpResponse<Buffer> fit =
        env.post("/sites/sh-plant/baselines/fit", engineer, fitBody("SEU-NONE", "nothing"));
    assertThat(fit.statusCode()).isEqualTo(422);
    assertThat(fit.bodyAsJsonObject().getJsonObject("message").getString("en"))
        .contains("0 complete periods");
  }

  @Test
  void historyIsDownsampledAndBounded() {
    String base =
        "/sites/sh-plant/history?measurement=activity&level=seu&id=SEU-AIR&metric=electricity";
    HttpResponse<Buffer> daily =
        env.get(base + "&from=2026-01-01T00:00:00Z&to=2026-01-11T00:00:00Z&step=P1D", viewer);
    assertThat(daily.statusCode()).as(daily.bodyAsString()).isEqualTo(200);
    assertThat(daily.bodyAsJsonObject().getJsonArray("points")).hasSize(10);
    HttpResponse<Buffer> hourly =
        env.get(base + "&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&step=PT1H", viewer);
    assertThat(hourly.bodyAsJsonObject().getString("window")).isEqualTo("1h");
    assertThat(hourly.bodyAsJsonObject().getJsonArray("points")).hasSize(24);
    double dayTotal = daily.bodyAsJsonObject().getJsonArray("points").getJsonArray(0).getDouble(1);
    double hourSum =
        hourly.bodyAsJsonObject().getJsonArray("points").stream()
            .mapToDouble(o -> ((JsonArray) o).getDouble(1))
            .sum();
    assertThat(hourSum).isCloseTo(dayTotal, org.assertj.core.data.Offset.offset(1e-6));

    HttpResponse<Buffer> tooMany =
        env.get(base + "&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&step=PT1M", viewer);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.bodyAsJsonObject().getString("field")).isEqualTo("step");
    HttpResponse<Buffer> unbounded = env.get(base + "&from=2026-01-01T00:00:00Z&step=P1D", viewer);
    assertThat(unbounded.statusCode()).isEqualTo(400);
    assertThat(unbounded.bodyAsJsonObject().getString("field")).isEqualTo("to");
    HttpResponse<Buffer> injection =
        env.get(
            "/sites/sh-plant/history?measurement=activity&id=x%22%20OR%201=1&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&step=P1D",
            viewer);
    assertThat(injection.statusCode()).isEqualTo(400);
    assertThat(injection.bodyAsJsonObject().getString("field")).isEqualTo("id");
  }
}
