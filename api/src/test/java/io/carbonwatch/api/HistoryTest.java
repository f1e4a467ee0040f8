package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History buckets of a day follow the site's time zone (the example plant is in Asia/Shanghai,
 * where a day starts at 16:00Z the day before), as the stream job's daily windows do.
 */
@ExtendWith(VertxExtension.class)
class HistoryTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  static ApiTestEnv env;
  static String viewer;

  @BeforeAll
  static void start(Vertx vertx) {
    INFLUX.createDatabase("carbonwatch");
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder b = BatchPoints.database("carbonwatch");
      // The job's 1d windows of 23 and 24 November, Shanghai time.
      b.point(point("2026-11-22T16:00:00Z", "1d", 100.0));
      b.point(point("2026-11-23T16:00:00Z", "1d", 240.0));
      // Two baselines judging one target on the same Shanghai day.
      b.point(performance("BL-A", 300.0));
      b.point(performance("BL-B", 500.0));
      influx.write(b.build());
    }
    env =
        ApiTestEnv.start(
            vertx,
            PG.server(),
            "history",
            ApiTestEnv.copy(
                ApiTestEnv.config(PG.server(), "history", null),
                ApiTestEnv.ADMIN_PASSWORD,
                null,
                INFLUX.url()));
    viewer = env.userToken("viewer", Set.of(Role.VIEWER), Set.of("sh-plant"));
  }

  static Point point(String time, String window, double kwh) {
    return Point.measurement("activity")
        .time(Instant.parse(time).toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("level", "seu")
        .tag("id", "SEU-AIR")
        .tag("metric", "electricity")
        .tag("window", window)
        .tag("unit", "kWh")
        .addField("value", kwh)
        .build();
  }

  static Point performance(String baseline, double expected) {
    return Point.measurement("performance")
        .time(Instant.parse("2026-11-23T16:00:00Z").toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("baseline", baseline)
        .tag("target", "SEU-AIR")
        .tag("measure", "electricity")
        .tag("window", "1d")
        .tag("unit", "kWh")
        .addField("actual", 400.0)
        .addField("expected", expected)
        .build();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static JsonObject history(String query) {
    HttpResponse<Buffer> r =
        env.get(
            "/sites/sh-plant/history?measurement=activity&level=seu&id=SEU-AIR&metric=electricity&"
                + query,
            viewer);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void dailyBucketsStartAtTheSitesLocalMidnight() {
    JsonObject h = history("from=2026-11-22T16:00:00Z&to=2026-11-24T16:00:00Z&step=P1D");
    assertThat(h.getString("timeZone")).isEqualTo("Asia/Shanghai");
    assertThat(h.getString("window")).isEqualTo("1d");
    JsonArray points = h.getJsonArray("points");
    assertThat(points).hasSize(2);
    // 24 November in Shanghai is labelled by its start, not by the UTC date 23 November.
    assertThat(points.getJsonArray(0).getString(0)).isEqualTo("2026-11-22T16:00:00Z");
    assertThat(points.getJsonArray(0).getDouble(1)).isEqualTo(100.0);
    assertThat(points.getJsonArray(1).getString(0)).isEqualTo("2026-11-23T16:00:00Z");
    assertThat(points.getJsonArray(1).getDouble(1)).isEqualTo(240.0);
  }

  @Test
  void aPeriodGivenInUtcStillGetsSiteDays() {
    // From 00:00Z on the 23rd: the Shanghai day that started at 16:00Z before it has no data in the
    // period, the next one is labelled at its own start.
    JsonArray points =
        history("from=2026-11-23T00:00:00Z&to=2026-11-25T00:00:00Z&step=P1D")
            .getJsonArray("points");
    assertThat(points).hasSize(1);
    assertThat(points.getJsonArray(0).getString(0)).isEqualTo("2026-11-23T16:00:00Z");
    assertThat(points.getJsonArray(0).getDouble(1)).isEqualTo(240.0);
  }

  @Test
  void performanceCanBeNarrowedToOneBaseline() {
    String base =
        "/sites/sh-plant/history?measurement=performance&id=SEU-AIR&from=2026-11-23T16:00:00Z"
            + "&to=2026-11-24T16:00:00Z&step=P1D";
    HttpResponse<Buffer> both = env.get(base + "&field=actual", viewer);
    assertThat(both.statusCode()).as(both.bodyAsString()).isEqualTo(200);
    // Without a baseline the two series of the target are summed.
    assertThat(both.bodyAsJsonObject().getJsonArray("points").getJsonArray(0).getDouble(1))
        .isEqualTo(800.0);
    HttpResponse<Buffer> one = env.get(base + "&field=actual&baseline=BL-B", viewer);
    assertThat(one.bodyAsJsonObject().getJsonArray("points").getJsonArray(0).getDouble(1))
        .isEqualTo(400.0);
    HttpResponse<Buffer> expected = env.get(base + "&field=expected&baseline=BL-A", viewer);
    assertThat(expected.bodyAsJsonObject().getJsonArray("points").getJsonArray(0).getDouble(1))
        .isEqualTo(300.0);
    HttpResponse<Buffer> bad = env.get(base + "&baseline=x%22%20OR%201=1", viewer);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("baseline");
  }
}
