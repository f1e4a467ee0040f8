package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offset records (retired credits) against an offset-type source: validated, append-only,
 * hash-chained, and counted in the inventory's offsets and net total.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OffsetRecordsTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  static final String OFFSET_SOURCE = "SRC-OFFSET-CCER";
  static final String PERIOD = "from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z";
  static ApiTestEnv env;
  static String engineer;
  static String technician;
  static String viewer;
  static String otherSiteEngineer;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    INFLUX.createDatabase("carbonwatch");
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder b = BatchPoints.database("carbonwatch");
      b.point(
          Point.measurement("emissions")
              .time(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("site", "sh-plant")
              .tag("level", "source")
              .tag("id", "SRC-GRID")
              .tag("metric", "emissions")
              .tag("window", "1d")
              .tag("unit", "kgCO2e")
              .addField("value", 2000.0)
              .addField("co2_co2e_kg", 2000.0)
              .addField("lineage", "cn-grid:east:2023|AR5")
              .build());
      influx.write(b.build());
    }
    // The example plant with an offset-type source added (offsets have no activity meter).
    String yaml = Files.readString(ApiTestEnv.siteModel(), StandardCharsets.UTF_8);
    String marker = "    sources:\n";
    assertThat(yaml).contains(marker);
    yaml =
        yaml.replaceFirst(
            marker,
            marker
                + "      - id: "
                + OFFSET_SOURCE
                + "\n        name: {zh: 国家核证自愿减排量抵消, en: CCER offsets}\n"
                + "        type: offset\n");
    Path model = Files.createTempFile("cw-offset-plant", ".yaml");
    Files.writeString(model, yaml, StandardCharsets.UTF_8);
    ApiConfig c =
        ApiTestEnv.copy(
            ApiTestEnv.config(PG.server(), "offsets", null),
            ApiTestEnv.ADMIN_PASSWORD,
            null,
            INFLUX.url());
    env =
        ApiTestEnv.start(
            vertx,
            PG.server(),
            "offsets",
            new ApiConfig(
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
                model,
                c.smtpUri(),
                c.mailFrom(),
                c.notifyRetryBase(),
                c.routeTimeout()));
    engineer = env.userToken("eng", Set.of(Role.ENGINEER), Set.of("sh-plant"));
    technician = env.userToken("tech", Set.of(Role.TECHNICIAN), Set.of("sh-plant"));
    viewer = env.userToken("viewer", Set.of(Role.VIEWER), Set.of("sh-plant"));
    otherSiteEngineer = env.userToken("eng-bj", Set.of(Role.ENGINEER), Set.of("bj-plant"));
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static JsonObject offset(String certificate, double amount) {
    return new JsonObject()
        .put("source", OFFSET_SOURCE)
        .put("periodStart", "2026-11-01T00:00:00Z")
        .put("periodEnd", "2026-11-02T00:00:00Z")
        .put("amountTco2e", amount)
        .put("registry", "CCER")
        .put("certificateRef", certificate)
        .put("reason", "2026 年 11 月自愿减排量注销 / November retirement");
  }

  static JsonObject inventory() {
    HttpResponse<Buffer> r = env.get("/sites/sh-plant/reports/inventory?" + PERIOD, viewer);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  @Order(1)
  void recordedOffsetAppearsInInventoryJsonAndCsvAndLowersNetByItsAmount() {
    JsonObject before = inventory().getJsonObject("totals");
    assertThat(before.getDouble("grossTco2e")).isCloseTo(2.0, within(1e-9));
    assertThat(before.getDouble("offsetsTco2e")).isEqualTo(0.0);

    HttpResponse<Buffer> r =
        env.post("/sites/sh-plant/offsets", engineer, offset("CCER-0001", 0.35));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject rec = r.bodyAsJsonObject();
    assertThat(rec.getString("certificateRef")).isEqualTo("CCER-0001");
    assertThat(rec.getString("recordedBy")).isEqualTo("eng");
    // Straddles the report period's end, so it is listed apart and not counted.
    JsonObject straddling =
        offset("CCER-0002", 5.0)
            .put("periodStart", "2026-11-02T00:00:00Z")
            .put("periodEnd", "2026-11-05T00:00:00Z");
    assertThat(env.post("/sites/sh-plant/offsets", engineer, straddling).statusCode())
        .isEqualTo(201);

    JsonObject inv = inventory();
    JsonObject after = inv.getJsonObject("totals");
    assertThat(after.getDouble("offsetsTco2e")).isCloseTo(0.35, within(1e-9));
    assertThat(before.getDouble("netTco2e") - after.getDouble("netTco2e"))
        .isCloseTo(0.35, within(1e-9));
    assertThat(after.getDouble("grossTco2e")).isCloseTo(2.0, within(1e-9));
    JsonArray rows = inv.getJsonArray("offsets");
    assertThat(rows).hasSize(1);
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getString("id")).isEqualTo(OFFSET_SOURCE);
    assertThat(row.getString("type")).isEqualTo("offset");
    assertThat(row.getDouble("tco2e")).isCloseTo(0.35, within(1e-9));
    assertThat(row.getJsonObject("lineage").getString("registry")).isEqualTo("CCER");
    assertThat(row.getJsonObject("lineage").getString("certificateRef")).isEqualTo("CCER-0001");
    assertThat(row.getJsonObject("name").getString("en")).isEqualTo("CCER offsets");
    assertThat(inv.getJsonArray("offsetsNotCounted").getJsonObject(0).getString("certificateRef"))
        .isEqualTo("CCER-0002");

    HttpResponse<Buffer> csv =
        env.get("/sites/sh-plant/reports/inventory?format=csv&" + PERIOD, viewer);
    assertThat(csv.statusCode()).isEqualTo(200);
    String[] lines = csv.bodyAsString().split("\r?\n");
    assertThat(lines[0]).contains(",registry,certificate_ref,");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("offsets,"))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(OFFSET_SOURCE)
                    .contains(",0.35,")
                    .contains(",CCER,CCER-0001,"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("offsetsTco2e").endsWith(",0.35"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("netTco2e").endsWith(",1.65"));

    HttpResponse<Buffer> list =
        env.get(
            "/sites/sh-plant/offsets?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", viewer);
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    assertThat(list.bodyAsJsonArray()).hasSize(1);
    assertThat(env.get("/sites/sh-plant/offsets", viewer).bodyAsJsonArray()).hasSize(2);
  }

  @Test
  @Order(2)
  void nonOffsetSourceOrNonPositiveAmountIsRefusedNamingTheField() {
    HttpResponse<Buffer> grid =
        env.post(
            "/sites/sh-plant/offsets",
            engineer,
            offset("CCER-0100", 1.0).put("source", "SRC-GRID"));
    assertThat(grid.statusCode()).isEqualTo(400);
    assertThat(grid.bodyAsJsonObject().getString("field")).isEqualTo("source");
    assertThat(grid.bodyAsJsonObject().getJsonObject("message").getString("zh-CN"))
        .contains("source");
    HttpResponse<Buffer> unknown =
        env.post(
            "/sites/sh-plant/offsets",
            engineer,
            offset("CCER-0101", 1.0).put("source", "SRC-NONE"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("source");
    HttpResponse<Buffer> negative =
        env.post("/sites/sh-plant/offsets", engineer, offset("CCER-0102", -1.0));
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.bodyAsJsonObject().getString("field")).contains("amountTco2e");
    HttpResponse<Buffer> zero =
        env.post("/sites/sh-plant/offsets", engineer, offset("CCER-0103", 0));
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(zero.bodyAsJsonObject().getString("field")).contains("amountTco2e");
    HttpResponse<Buffer> reversed =
        env.post(
            "/sites/sh-plant/offsets",
            engineer,
            offset("CCER-0104", 1.0).put("periodEnd", "2026-10-01T00:00:00Z"));
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.bodyAsJsonObject().getString("field")).isEqualTo("periodEnd");
    assertThat(env.get("/sites/sh-plant/offsets", viewer).bodyAsJsonArray()).hasSize(2);
  }

  @Test
  @Order(3)
  void duplicateCertificateForTheSameSiteIsAConflict() {
    HttpResponse<Buffer> r =
        env.post("/sites/sh-plant/offsets", env.adminToken(), offset("CCER-0001", 0.1));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("offset.duplicate_certificate");
    assertThat(r.bodyAsJsonObject().getJsonObject("message").getString("en")).contains("CCER-0001");
    assertThat(inventory().getJsonObject("totals").getDouble("offsetsTco2e"))
        .isCloseTo(0.35, within(1e-9));
  }

  @Test
  @Order(4)
  void techniciansViewersAndOtherSitesAreRefused() {
    assertThat(
            env.post("/sites/sh-plant/offsets", technician, offset("CCER-0200", 1.0)).statusCode())
        .isEqualTo(403);
    assertThat(env.post("/sites/sh-plant/offsets", viewer, offset("CCER-0201", 1.0)).statusCode())
        .isEqualTo(403);
    HttpResponse<Buffer> other =
        env.post("/sites/sh-plant/offsets", otherSiteEngineer, offset("CCER-0202", 1.0));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.bodyAsJsonObject().getString("code")).isEqualTo("auth.site");
    assertThat(env.get("/sites/sh-plant/offsets", otherSiteEngineer).statusCode()).isEqualTo(403);
    assertThat(env.get("/sites/sh-plant/offsets", technician).statusCode()).isEqualTo(200);
    assertThat(env.get("/sites/sh-plant/offsets", viewer).bodyAsJsonArray()).hasSize(2);
  }

  @Test
  @Order(5)
  void withdrawnOffsetStaysRecordedButIsNoLongerCounted() {
    JsonObject rec =
        env.get("/sites/sh-plant/offsets?to=2026-11-02T00:00:00Z", viewer)
            .bodyAsJsonArray()
            .getJsonObject(0);
    assertThat(rec.getString("certificateRef")).isEqualTo("CCER-0001");
    String path = "/sites/sh-plant/offsets/" + rec.getLong("id") + "/withdrawals";
    JsonObject body = new JsonObject().put("reason", "证书注销被登记簿撤回 / retirement reversed");
    assertThat(env.post(path, technician, body).statusCode()).isEqualTo(403);
    assertThat(env.post(path, otherSiteEngineer, body).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> w = env.post(path, engineer, body);
    assertThat(w.statusCode()).as(w.bodyAsString()).isEqualTo(201);
    assertThat(w.bodyAsJsonObject().getJsonObject("withdrawal").getString("withdrawnBy"))
        .isEqualTo("eng");
    assertThat(w.bodyAsJsonObject().getDouble("amountTco2e")).isEqualTo(0.35);
    HttpResponse<Buffer> again = env.post(path, engineer, body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("offset.already_withdrawn");
    assertThat(env.post("/sites/sh-plant/offsets/999999/withdrawals", engineer, body).statusCode())
        .isEqualTo(404);

    JsonObject inv = inventory();
    assertThat(inv.getJsonObject("totals").getDouble("offsetsTco2e")).isEqualTo(0.0);
    assertThat(inv.getJsonObject("totals").getDouble("netTco2e")).isCloseTo(2.0, within(1e-9));
    assertThat(inv.getJsonArray("offsets")).isEmpty();
    assertThat(inv.getJsonArray("offsetsWithdrawn").getJsonObject(0).getString("certificateRef"))
        .isEqualTo("CCER-0001");
    // The certificate stays claimed: withdrawing does not free it for a second claim.
    assertThat(
            env.post("/sites/sh-plant/offsets", engineer, offset("CCER-0001", 0.35)).statusCode())
        .isEqualTo(409);
  }

  @Test
  @Order(6)
  void auditChainCoversOffsetsAndDetectsAnEditedOffsetRow() throws Exception {
    JsonObject ok = env.get("/audit/verify", env.adminToken()).bodyAsJsonObject();
    assertThat(ok.getBoolean("ok")).as(ok.encode()).isTrue();
    long seq;
    long id;
    try (Connection c = env.jdbc();
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT seq, ref_id FROM audit_log WHERE kind = 'offset_record' ORDER BY seq LIMIT 1");
      assertThat(rs.next()).isTrue();
      seq = rs.getLong(1);
      id = rs.getLong(2);
      // A superuser can switch the trigger off; the chain still gives the edit away.
      s.execute("ALTER TABLE offset_records DISABLE TRIGGER offset_records_append_only");
      s.executeUpdate("UPDATE offset_records SET amount_tco2e = 35 WHERE id = " + id);
      s.execute("ALTER TABLE offset_records ENABLE TRIGGER offset_records_append_only");
    }
    JsonObject v = env.get("/audit/verify", env.adminToken()).bodyAsJsonObject();
    assertThat(v.getBoolean("ok")).isFalse();
    JsonObject broken = v.getJsonObject("firstBroken");
    assertThat(broken.getLong("seq")).isEqualTo(seq);
    assertThat(broken.getString("kind")).isEqualTo("offset_record");
    assertThat(broken.getLong("refId")).isEqualTo(id);
    assertThat(broken.getString("reason")).contains("changed");
  }
}
