package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxServerTest {

  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void writesPointsAndQueriesThemBackWithinABoundedRange() {
    influx.createDatabase("roundtrip");
    try (InfluxDB client = influx.server().client()) {
      BatchPoints batch = BatchPoints.database("roundtrip").build();
      for (int i = 0; i < 3; i++) {
        batch.point(
            Point.measurement("energy")
                .time(T0.plusSeconds(60L * i).toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("meter", "m-" + (i % 2))
                .addField("energyKwh", 10.0 + i)
                .build());
      }
      client.write(batch);
    }

    List<Map<String, Object>> rows =
        influx.query(
            "roundtrip",
            "SELECT energyKwh, meter FROM energy WHERE time >= '2026-03-01T00:00:00Z'"
                + " AND time < '2026-03-01T01:00:00Z'");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .containsEntry("time", T0)
        .containsEntry("energyKwh", 10.0)
        .containsEntry("meter", "m-0");
    assertThat(rows.get(2))
        .containsEntry("time", T0.plusSeconds(120))
        .containsEntry("energyKwh", 12.0);
  }

  @Test
  void flattensGroupByTagsIntoRows() {
    influx.createDatabase("grouped");
    try (InfluxDB client = influx.server().client()) {
      client.write(
          "grouped",
          "autogen",
          Point.measurement("energy")
              .time(T0.toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("meter", "a")
              .addField("energyKwh", 1.5)
              .build());
      client.write(
          "grouped",
          "autogen",
          Point.measurement("energy")
              .time(T0.plusSeconds(1).toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("meter", "b")
              .addField("energyKwh", 2.5)
              .build());
    }

    List<Map<String, Object>> rows =
        influx.query(
            "grouped",
            "SELECT sum(energyKwh) AS total FROM energy WHERE time >= '2026-03-01T00:00:00Z'"
                + " AND time < '2026-03-02T00:00:00Z' GROUP BY meter");

    assertThat(rows)
        .extracting(r -> r.get("meter") + "=" + r.get("total"))
        .containsExactly("a=1.5", "b=2.5");
  }

  @Test
  void rejectsBadInfluxQlWithTheQueryInTheMessage() {
    influx.createDatabase("errors");
    assertThatThrownBy(() -> influx.query("errors", "SELEC nonsense"))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("SELEC nonsense");
  }

  @Test
  void restartKeepsPortsAndWrittenData() {
    try (InfluxServer server = new InfluxServer().start()) {
      server.createDatabase("durable");
      try (InfluxDB client = server.client()) {
        client.write(
            "durable",
            "autogen",
            Point.measurement("co2e")
                .time(T0.toEpochMilli(), TimeUnit.MILLISECONDS)
                .addField("massT", 0.42)
                .build());
      }
      int port = server.port();

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.isRunning()).isTrue();
      List<Map<String, Object>> rows =
          server.query(
              "durable",
              "SELECT massT FROM co2e WHERE time >= '2026-03-01T00:00:00Z'"
                  + " AND time < '2026-03-01T00:00:01Z'");
      assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("massT", 0.42));
    }
  }

  @Test
  void generatedConfigBindsLoopbackAndTurnsOffExtras() {
    String config = influx.server().config();
    assertThat(config)
        .contains("reporting-enabled = false")
        .contains("bind-address = \"127.0.0.1:" + influx.port() + "\"")
        .contains("store-enabled = false")
        .contains("query-log-enabled = false");
    assertThat(influx.url()).isEqualTo("http://127.0.0.1:" + influx.port());
  }
}
