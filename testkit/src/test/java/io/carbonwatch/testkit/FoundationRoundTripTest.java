package io.carbonwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation issue's acceptance check: one reading goes through the real broker into the real
 * time-series store and the real relational store, and is read back from both.
 */
class FoundationRoundTripTest {

  @RegisterExtension static final MosquittoExtension mqtt = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();
  @RegisterExtension static final PostgresExtension pg = new PostgresExtension();

  private static final Pattern READING =
      Pattern.compile("\\{\"meter\":\"([^\"]+)\",\"time\":\"([^\"]+)\",\"energyKwh\":([0-9.]+)\\}");

  @BeforeAll
  static void createStores(InfluxServer influxServer, PostgresServer pgServer) throws Exception {
    influxServer.createDatabase("carbonwatch");
    try (Connection c = pgServer.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE reading (meter TEXT NOT NULL, time TIMESTAMPTZ NOT NULL,"
              + " energy_kwh DOUBLE PRECISION NOT NULL, PRIMARY KEY (meter, time))");
    }
  }

  @Test
  void readingTravelsFromMosquittoIntoInfluxAndPostgres(
      MosquittoServer broker, InfluxServer influxServer, PostgresServer pgServer) throws Exception {
    assertThat(broker).isSameAs(mqtt.server());
    assertThat(influxServer).isSameAs(influx.server());
    assertThat(pgServer).isSameAs(pg.server());
    String topic = "cw/v1/plant-1/readings/agent-1/boiler-gas";
    String payload =
        "{\"meter\":\"boiler-gas\",\"time\":\"2026-03-01T08:15:00Z\",\"energyKwh\":42.75}";

    MqttProbe.Received received;
    try (MqttProbe sub = new MqttProbe(broker.uri(), "rt-sub").connect(MqttProbe.options());
        MqttProbe pub = new MqttProbe(broker.uri(), "rt-pub").connect(MqttProbe.options())) {
      sub.subscribe("cw/v1/+/readings/#", 1);
      pub.publish(topic, payload, 1);
      received = sub.next();
    }
    assertThat(received).isNotNull();
    assertThat(received.topic()).isEqualTo(topic);
    Matcher m = READING.matcher(received.payload());
    assertThat(m.matches()).as("payload %s", received.payload()).isTrue();
    String meter = m.group(1);
    Instant time = Instant.parse(m.group(2));
    double energyKwh = Double.parseDouble(m.group(3));

    try (InfluxDB client = influxServer.client()) {
      client.write(
          "carbonwatch",
          "autogen",
          Point.measurement("energy")
              .time(time.toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("meter", meter)
              .addField("energyKwh", energyKwh)
              .build());
    }
    try (Connection c = pgServer.connect();
        PreparedStatement ins = c.prepareStatement("INSERT INTO reading VALUES (?, ?, ?)")) {
      ins.setString(1, meter);
      ins.setObject(2, java.time.OffsetDateTime.ofInstant(time, java.time.ZoneOffset.UTC));
      ins.setDouble(3, energyKwh);
      ins.executeUpdate();
    }

    List<Map<String, Object>> rows =
        influxServer.query(
            "carbonwatch",
            "SELECT energyKwh FROM energy WHERE meter = 'boiler-gas'"
                + " AND time >= '2026-03-01T08:00:00Z' AND time < '2026-03-01T09:00:00Z'");
    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> assertThat(r).containsEntry("time", time).containsEntry("energyKwh", 42.75));
    try (Connection c = pgServer.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT meter, extract(epoch FROM time)::bigint, energy_kwh FROM reading")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("boiler-gas");
      assertThat(rs.getLong(2)).isEqualTo(time.getEpochSecond());
      assertThat(rs.getDouble(3)).isEqualTo(42.75);
      assertThat(rs.next()).isFalse();
    }
  }
}
