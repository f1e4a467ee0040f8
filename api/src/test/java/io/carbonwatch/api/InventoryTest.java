package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** The carbon inventory from daily emission and activity series in a real InfluxDB. */
@ExtendWith(VertxExtension.class)
class InventoryTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  static final Instant DAY1 = Instant.parse("2026-11-01T00:00:00Z");
  static ApiTestEnv env;
  static String viewer;

  @BeforeAll
  static void start(Vertx vertx) {
    INFLUX.createDatabase("carbonwatch");
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder b = BatchPoints.database("carbonwatch");
      for (int d = 0; d < 3; d++) {
        long t = DAY1.plus(d, ChronoUnit.DAYS).toEpochMilli();
        // Day 3 lies outside the requested period and must not be counted.
        b.point(emission(t, "SRC-GRID", 1000, 1000, 0, 0, "cn-grid:east:2023|AR5"));
        b.point(emission(t, "SRC-BOILER-GAS", 500, 498, 1, 1, "gbt32151:natural_gas|AR5"));
        b.point(emission(t, "SRC-REFRIG", 200, 0, 0, 0, "gwp:R-410A|AR5"));
        b.point(activity(t, "SRC-GRID", "electricity", "kWh", 1725.0));
        // The job's SEU series: compressed air has no source of its own (the grid supplies it),
        // and the SEUs overlap, so their sum (1.4 t/day) is not the site's 1.7 t/day.
        b.point(seuEmission(t, "SEU-AIR", 600));
        b.point(seuEmission(t, "SEU-BOILER", 500));
        b.point(seuEmission(t, "SEU-CHILL", 300));
        b.point(activity(t, "SRC-BOILER-GAS", "natural_gas", "Nm3", 230.0));
      }
      influx.write(b.build());
    }
    env =
        ApiTestEnv.start(
            vertx,
            PG.server(),
            "inventory",
            ApiTestEnv.copy(
                ApiTestEnv.config(PG.server(), "inventory", null),
                ApiTestEnv.ADMIN_PASSWORD,
                null,
                INFLUX.url()));
    viewer = env.userToken("viewer", Set.of(Role.VIEWER), Set.of("sh-plant"));
  }

  static Point emission(
      long t, String id, double kg, double co2, double ch4, double n2o, String lineage) {
    return Point.measurement("emissions")
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("level", "source")
        .tag("id", id)
        .tag("metric", "emissions")
        .tag("window", "1d")
        .tag("unit", "kgCO2e")
        .addField("value", kg)
        .addField("co2_co2e_kg", co2)
        .addField("ch4_co2e_kg", ch4)
        .addField("n2o_co2e_kg", n2o)
        .addField("hfcs_co2e_kg", kg - co2 - ch4 - n2o)
        .addField("pfcs_co2e_kg", 0.0)
        .addField("sf6_co2e_kg", 0.0)
        .addField("nf3_co2e_kg", 0.0)
        .addField("lineage", lineage)
        .build();
  }

  static Point seuEmission(long t, String seu, double kg) {
    return Point.measurement("emissions")
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("level", "seu")
        .tag("id", seu)
        .tag("metric", "emissions")
        .tag("window", "1d")
        .tag("unit", "kgCO2e")
        .addField("value", kg)
        .build();
  }

  static Point activity(long t, String id, String metric, String unit, double v) {
    return Point.measurement("activity")
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", "sh-plant")
        .tag("level", "source")
        .tag("id", id)
        .tag("metric", metric)
        .tag("window", "1d")
        .tag("unit", unit)
        .addField("value", v)
        .build();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static final String PERIOD = "from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z";

  @Test
  void inventoryHasSourcesGasesScopesSeusLineageAndNetTotal() {
    HttpResponse<Buffer> r = env.get("/sites/sh-plant/reports/inventory?" + PERIOD, viewer);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject inv = r.bodyAsJsonObject();
    JsonObject totals = inv.getJsonObject("totals");
    assertThat(totals.getDouble("grossTco2e")).isCloseTo(3.4, within(1e-9));
    assertThat(totals.getDouble("netTco2e")).isCloseTo(3.4, within(1e-9));
    assertThat(totals.getJsonObject("byScope").getDouble("scope2")).isCloseTo(2.0, within(1e-9));
    assertThat(totals.getJsonObject("byScope").getDouble("scope1")).isCloseTo(1.4, within(1e-9));
    assertThat(totals.getJsonObject("byGas").getDouble("HFCS")).isCloseTo(0.4, within(1e-9));
    assertThat(totals.getJsonObject("byGas").getDouble("CH4")).isCloseTo(0.002, within(1e-9));
    // By SEU from the job's SEU series, including an SEU without sources of its own.
    assertThat(totals.getJsonObject("bySeu").getDouble("SEU-AIR")).isCloseTo(1.2, within(1e-9));
    assertThat(totals.getJsonObject("bySeu").getDouble("SEU-BOILER")).isCloseTo(1.0, within(1e-9));
    assertThat(totals.getJsonObject("bySeu").getDouble("SEU-CHILL")).isCloseTo(0.6, within(1e-9));
    assertThat(inv.getJsonObject("note").getString("en")).contains("do not add up");
    assertThat(inv.getJsonObject("note").getString("zh-CN"))
        .contains("清除量")
        .doesNotContain("去除")
        .doesNotContain("offsetsNotCounted");
    JsonObject grid =
        inv.getJsonArray("sources").stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("id").equals("SRC-GRID"))
            .findFirst()
            .orElseThrow();
    assertThat(grid.getString("type")).isEqualTo("purchased_electricity");
    assertThat(grid.getDouble("activity")).isEqualTo(3450.0);
    assertThat(grid.getString("activityUnit")).isEqualTo("kWh");
    assertThat(grid.getJsonObject("lineage").getString("factorId")).isEqualTo("cn-grid:east:2023");
    assertThat(grid.getJsonObject("lineage").getString("gwpSet")).isEqualTo("AR5");
    assertThat(grid.getJsonObject("name").getString("zh-CN")).isNotBlank();
  }

  @Test
  void csvHasOneRowPerSourceAndTheTotals() {
    HttpResponse<Buffer> r =
        env.get("/sites/sh-plant/reports/inventory?format=csv&" + PERIOD, viewer);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/csv");
    assertThat(r.getHeader("Content-Disposition")).contains("inventory-sh-plant-2026-11-01.csv");
    String[] lines = r.bodyAsString().split("\r?\n");
    assertThat(lines[0]).startsWith("\uFEFFsection,site,from,to,id");
    assertThat(lines).filteredOn(l -> l.startsWith("sources,")).hasSize(3);
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).startsWith("total,sh-plant").contains("netTco2e").endsWith(",3.4"));
  }

  @Test
  void periodMustBeBoundedAndOrdered() {
    assertThat(
            env.get("/sites/sh-plant/reports/inventory?from=2026-11-01T00:00:00Z", viewer)
                .statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> reversed =
        env.get(
            "/sites/sh-plant/reports/inventory?from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z",
            viewer);
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.bodyAsJsonObject().getString("field")).isEqualTo("to");
  }
}
