package io.carbonwatch.jobs;

import static io.carbonwatch.jobs.JobHarness.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.emissions.EmissionCalculator;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.LiveSample;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink MiniCluster at parallelism 2 against real Mosquitto and InfluxDB: a
 * simulated day of the example plant, compressed in time, checked against an independent
 * calculation from the same readings.
 */
class CarbonJobDayTest {
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  static JobConfig testConfig() {
    return JobConfig.defaults(DemoPlant.FILE.toString(), DemoPlant.yaml())
        .withTiming(Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(1));
  }

  static JobClient start(String name, String db, MqttSourceConfig readings) throws Exception {
    INFLUX.createDatabase(db);
    MqttSource.prepareSessions(readings, 2);
    MqttConnection c = readings.connection();
    CarbonJob job =
        new CarbonJob(
            testConfig(),
            new MqttSource(readings),
            new MqttSource(
                MqttSourceConfig.control(
                    MqttConnection.anonymous(c.serverUri(), name + "-control"))),
            new InfluxSink(InfluxConfig.of(INFLUX.url(), db)),
            new MqttPublishSink(MqttConnection.anonymous(c.serverUri(), name + "-out"), "out"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    job.build(env);
    return env.executeAsync(name);
  }

  @Test
  void aSimulatedDayGivesExactTotalsPerMeterSeuAndSiteAndRaisesAndClearsTheScriptedAlert()
      throws Exception {
    SimulatedPlantDay day = SimulatedPlantDay.standard();
    String db = "cw_day";
    MqttSourceConfig readings =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "cw-day"), "cw-day");
    try (JobHarness.Broker broker =
        new JobHarness.Broker(
            MQTT.uri(),
            "day-test",
            "cw/v1/sh-plant/alerts",
            "cw/v1/sh-plant/live/+",
            "cw/v1/+/deadletter/+")) {
      JobClient job = start("day", db, readings);
      try {
        broker.publish(day.readings);
        broker.publishRaw("cw/v1/sh-plant/readings/edge-1/M-AIR-1", "{not json", false);
        broker.publishRaw(
            "cw/v1/sh-plant/readings/edge-1/M-AIR-1",
            "{\"v\":1,\"site\":\"sh-plant\",\"agent\":\"edge-1\",\"meter\":\"M-AIR-1\",\"seq\":999999,"
                + "\"time\":\"2026-11-23T05:00:00.000Z\",\"values\":[{\"channel\":\"energy_import\","
                + "\"value\":1.0,\"unit\":\"Wh\",\"quality\":\"good\"}]}",
            false);
        broker.publishRaw(
            "cw/v1/sh-plant/readings/edge-1/M-NOPE",
            "{\"v\":1,\"site\":\"sh-plant\",\"agent\":\"edge-1\",\"meter\":\"M-NOPE\",\"seq\":1,"
                + "\"time\":\"2026-11-23T05:00:00.000Z\",\"values\":[{\"channel\":\"x\","
                + "\"value\":1.0,\"unit\":\"kWh\",\"quality\":\"good\"}]}",
            false);
        // Redelivered duplicates (same meter and seq) must not count twice.
        broker.publish(day.readings.subList(5000, 5200));

        double mainKwh = day.dayConsumption("M-MAIN.energy_import").doubleValue();
        double gasNm3 = day.dayConsumption("M-GAS.volume_standard").doubleValue();
        // Converged, not just present: a window may fire early and be corrected by late data.
        JobHarness.await(
            "the day's totals and the cleared alert",
            Duration.ofSeconds(240),
            () -> {
              Map<String, Double> a =
                  JobHarness.totals(INFLUX, db, "activity", "1d", day.dayStart, day.dayEnd);
              return Math.abs(
                          a.getOrDefault("site:sh-plant:electricity", 0.0)
                              - mainKwh
                              - day.dayConsumption("M-PV.energy_import").doubleValue())
                      < 1e-6
                  && Math.abs(a.getOrDefault("organisation:demo-co:natural_gas", 0.0) - gasNm3)
                      < 1e-6
                  && Math.abs(
                          a.getOrDefault("seu:SEU-AIR:electricity", 0.0)
                              - day.dayConsumption("M-AIR-1.energy_import")
                                  .add(day.dayConsumption("M-AIR-2.energy_import"))
                                  .doubleValue())
                      < 1e-6
                  && JobHarness.totals(INFLUX, db, "emissions", "1d", day.dayStart, day.dayEnd)
                      .containsKey("organisation:demo-co:emissions")
                  && parameterFollowsItsTotal(db, day)
                  && broker.payloadsOn("cw/v1/sh-plant/alerts").stream()
                      .anyMatch(p -> p.contains("\"cleared\""))
                  && broker.payloadsOn("cw/v1/sh-plant/deadletter/stream-job").size() >= 3;
            });
        Thread.sleep(3_000); // let both sink subtasks flush their last checkpoint batch
      } finally {
        job.cancel().get();
      }

      Map<String, Double> activity =
          JobHarness.totals(INFLUX, db, "activity", "1d", day.dayStart, day.dayEnd);
      Map<String, Double> emissions =
          JobHarness.totals(INFLUX, db, "emissions", "1d", day.dayStart, day.dayEnd);

      // Independent calculation from the same readings: last − first of each register.
      double main = day.dayConsumption("M-MAIN.energy_import").doubleValue();
      double air1 = day.dayConsumption("M-AIR-1.energy_import").doubleValue();
      double air2 = day.dayConsumption("M-AIR-2.energy_import").doubleValue();
      double chill = day.dayConsumption("M-CHILL.energy_import").doubleValue();
      double pv = day.dayConsumption("M-PV.energy_import").doubleValue();
      double gas = day.dayConsumption("M-GAS.volume_standard").doubleValue();
      assertClose(activity, "meter:M-MAIN:energy_import", main, 1e-12);
      assertClose(activity, "meter:M-AIR-1:energy_import", air1, 1e-12);
      assertClose(activity, "meter:M-GAS:volume_standard", gas, 1e-12);
      assertClose(activity, "meter:M-REFRIG:topup", 2.5, 1e-12);
      assertClose(
          activity, "virtual_meter:VM-OTHER:electricity", main + pv - air1 - air2 - chill, 1e-9);
      assertClose(activity, "seu:SEU-AIR:electricity", air1 + air2, 1e-12);
      assertClose(activity, "seu:SEU-CHILL:electricity", chill, 1e-12);
      assertClose(activity, "seu:SEU-CHILL:refrigerant", 2.5, 1e-12);
      assertClose(activity, "seu:SEU-BOILER:natural_gas", gas, 1e-12);
      assertClose(activity, "site:sh-plant:electricity", main + pv, 1e-12);
      assertClose(activity, "organisation:demo-co:natural_gas", gas, 1e-12);

      EmissionCalculator calc =
          new EmissionCalculator(
              DemoPlant.library(),
              new io.carbonwatch.core.factors.FactorSelection(
                  GwpSet.AR5, "gbt32151", "cn-grid:east:2023", "cn-heat:default"));
      Instant at = day.dayStart;
      double gridKg = calc.electricityLocationTimeline(Unit.KWH).tco2e(at, main) * 1000;
      double gasKg =
          calc.combustionTimeline("gbt32151:natural_gas", Unit.NM3).tco2e(at, gas) * 1000;
      double refrigKg = calc.fugitiveBlend("R-410A", Unit.KG).tco2e(2.5) * 1000;
      double airKg = calc.electricityLocationTimeline(Unit.KWH).tco2e(at, air1 + air2) * 1000;
      assertClose(emissions, "source:SRC-GRID:emissions.scope2", gridKg, 1e-9);
      assertClose(emissions, "source:SRC-BOILER-GAS:emissions.scope1", gasKg, 1e-9);
      assertClose(emissions, "site:sh-plant:emissions.scope1", gasKg + refrigKg, 1e-9);
      assertClose(emissions, "site:sh-plant:emissions", gridKg + gasKg + refrigKg, 1e-9);
      assertClose(emissions, "organisation:demo-co:emissions", gridKg + gasKg + refrigKg, 1e-9);
      assertClose(emissions, "seu:SEU-AIR:emissions", airKg, 1e-9);
      assertClose(emissions, "seu:SEU-BOILER:emissions", gasKg, 1e-9);

      // Lineage beside each emission result.
      var lineage =
          INFLUX.query(
              db,
              "SELECT lineage FROM emissions WHERE id = 'SRC-GRID' AND metric = 'emissions' AND \"window\" = '1d' AND time >= '"
                  + day.dayStart
                  + "' AND time < '"
                  + day.dayEnd
                  + "'");
      assertThat(lineage)
          .singleElement()
          .satisfies(
              r ->
                  assertThat((String) r.get("lineage"))
                      .contains("cn-grid:east:2023")
                      .contains("AR5"));

      // Every minute of the day, not only their sum: each of M-MAIN's 1440 minutes.
      JobHarness.assertEveryMinute(INFLUX, db, day, "M-MAIN.energy_import");

      // Hourly windows add up to the day.
      Map<String, Double> hours =
          JobHarness.totals(INFLUX, db, "activity", "1h", day.dayStart, day.dayEnd);
      assertClose(hours, "seu:SEU-AIR:electricity", air1 + air2, 1e-12);
      // Each hour holds exactly its own minutes: 09:00–10:00 local is the first scripted hour.
      Instant nine = day.dayStart.plus(Duration.ofHours(9));
      Instant ten = nine.plus(Duration.ofHours(1));
      assertClose(
          JobHarness.totals(INFLUX, db, "activity", "1h", nine, ten),
          "seu:SEU-AIR:electricity",
          day.consumption("M-AIR-1.energy_import", nine, ten)
              .add(day.consumption("M-AIR-2.energy_import", nine, ten))
              .doubleValue(),
          1e-12);

      // Carbon performance parameters (6.1.4) on their windows and in their units: the site's
      // emissions in tCO2e, emissions per piece produced that day, and the compressed air's
      // electricity per piece in the 09:00 hour — each against the same independent calculation.
      double siteKg = gridKg + gasKg + refrigKg;
      double dayPcs = day.dayConsumption("M-PROD.units").doubleValue();
      assertThat(dayPcs).isPositive();
      assertThat(parameter(db, "P-SITE-CO2E", "1d", day.dayStart))
          .isCloseTo(siteKg / 1000, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(parameter(db, "P-SITE-INTENSITY", "1d", day.dayStart))
          .isCloseTo(siteKg / dayPcs, org.assertj.core.data.Offset.offset(1e-9));
      double nineAirKwh =
          day.consumption("M-AIR-1.energy_import", nine, ten)
              .add(day.consumption("M-AIR-2.energy_import", nine, ten))
              .doubleValue();
      double ninePcs = day.consumption("M-PROD.units", nine, ten).doubleValue();
      assertThat(parameter(db, "P-AIR-SEC", "1h", nine))
          .isCloseTo(nineAirKwh / ninePcs, org.assertj.core.data.Offset.offset(1e-9));

      // One alert for the scripted compressed-air deviation, raised and then cleared.
      List<AlertEvent> alerts =
          broker.payloadsOn("cw/v1/sh-plant/alerts").stream()
              .map(p -> WireCodec.decodeAlertEvent(p.getBytes(StandardCharsets.UTF_8)))
              .toList();
      assertThat(alerts)
          .as(
              alerts.stream()
                  .map(
                      a ->
                          a.rule()
                              + " "
                              + a.event()
                              + " "
                              + a.windowStart()
                              + " "
                              + a.actual()
                              + "/"
                              + a.expected())
                  .toList()
                  .toString())
          .extracting(AlertEvent::event)
          .containsExactly(AlertEventType.RAISED, AlertEventType.CLEARED);
      assertThat(alerts).extracting(AlertEvent::alertId).containsOnly(alerts.get(0).alertId());
      assertThat(alerts.get(0).rule()).isEqualTo("dev-air-energy");
      assertThat(alerts.get(0).deviationPercent())
          .isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.5));
      assertThat(alerts.get(0).windowStart()).isEqualTo(day.dayStart.plus(Duration.ofHours(11)));
      assertThat(alerts.get(1).windowStart()).isEqualTo(day.dayStart.plus(Duration.ofHours(13)));
      assertThat(
              INFLUX.query(
                  db,
                  "SELECT alert_id FROM alerts WHERE time >= '"
                      + day.dayStart
                      + "' AND time < '"
                      + day.dayEnd.plus(Duration.ofDays(1))
                      + "'"))
          .hasSize(2);

      // Live feed of the compressed-air SEU: power in kW from the meters' W channels.
      List<LiveSample> live =
          broker.payloadsOn("cw/v1/sh-plant/live/SEU-AIR").stream()
              .map(p -> WireCodec.decodeLiveSample(p.getBytes(StandardCharsets.UTF_8)))
              .toList();
      assertThat(live).isNotEmpty();
      assertThat(live).allSatisfy(s -> assertThat(s.powerKw()).isPositive());
      assertThat(live).allSatisfy(s -> assertThat(s.emissionRateKgCo2ePerH()).isPositive());
      // The emission rate is the power times the grid factor in force.
      double kgPerKwh =
          calc.electricityLocationTimeline(Unit.KWH).at(day.dayStart).tco2ePerUnit() * 1000;
      assertThat(live)
          .allSatisfy(
              s ->
                  assertThat(s.emissionRateKgCo2ePerH())
                      .isCloseTo(
                          s.powerKw() * kgPerKwh, org.assertj.core.data.Offset.offset(1e-6)));
      // Never more than both compressors at the scripted peak.
      assertThat(live)
          .allSatisfy(
              s -> assertThat(s.powerKw()).isLessThanOrEqualTo((38 + 0.42 * 240) * 1.3 + 0.01));

      // Each rejected message is in the dead letters once, with the reason that names what is
      // wrong, on MQTT and in InfluxDB (there with the field as a tag).
      String air1Topic = "cw/v1/sh-plant/readings/edge-1/M-AIR-1";
      List<DeadLetter> dead =
          broker.payloadsOn("cw/v1/sh-plant/deadletter/stream-job").stream()
              .map(p -> WireCodec.decodeDeadLetter(p.getBytes(StandardCharsets.UTF_8)))
              .toList();
      assertThat(dead).extracting(DeadLetter::site).containsOnly("sh-plant");
      assertThat(dead).extracting(DeadLetter::component).containsOnly("stream-job");
      assertThat(dead)
          .satisfiesExactlyInAnyOrder(
              d -> {
                assertThat(d.reason()).satisfies(CarbonJobDayTest::isMalformedJsonReason);
                assertThat(d.topic()).isEqualTo(air1Topic);
                assertThat(d.payload()).isEqualTo("{not json");
              },
              d -> {
                assertThat(d.reason())
                    .isEqualTo("values[0].unit: expected kWh for M-AIR-1.energy_import, got Wh");
                assertThat(d.topic()).isEqualTo(air1Topic);
              },
              d -> {
                assertThat(d.reason()).isEqualTo("meter: 'M-NOPE' is not a meter of site sh-plant");
                assertThat(d.topic()).isEqualTo("cw/v1/sh-plant/readings/edge-1/M-NOPE");
              });
      List<Map<String, Object>> stored =
          INFLUX.query(
              db,
              "SELECT reason, topic FROM dead_letters WHERE time >= '2020-01-01T00:00:00Z' AND time < '2100-01-01T00:00:00Z' GROUP BY site, component, \"field\"");
      assertThat(stored).allSatisfy(r -> assertThat(r.get("site")).isEqualTo("sh-plant"));
      assertThat(stored).allSatisfy(r -> assertThat(r.get("component")).isEqualTo("stream-job"));
      assertThat(stored)
          .satisfiesExactlyInAnyOrder(
              r -> {
                assertThat(r.get("field")).isEqualTo("message");
                assertThat((String) r.get("reason"))
                    .satisfies(CarbonJobDayTest::isMalformedJsonReason);
              },
              r -> {
                assertThat(r.get("field")).isEqualTo("values[].unit");
                assertThat(r.get("reason"))
                    .isEqualTo("values[0].unit: expected kWh for M-AIR-1.energy_import, got Wh");
              },
              r -> {
                assertThat(r.get("field")).isEqualTo("meter");
                assertThat(r.get("reason"))
                    .isEqualTo("meter: 'M-NOPE' is not a meter of site sh-plant");
                assertThat(r.get("topic")).isEqualTo("cw/v1/sh-plant/readings/edge-1/M-NOPE");
              });
    }
  }

  /** The stored value of parameter {@code id} for the window starting at {@code start}, or null. */
  private static Double parameter(String db, String id, String window, Instant start) {
    var rows =
        INFLUX.query(
            db,
            "SELECT value FROM parameters WHERE parameter = '"
                + id
                + "' AND \"window\" = '"
                + window
                + "' AND time = '"
                + start
                + "'");
    return rows.isEmpty() ? null : (Double) rows.get(0).get("value");
  }

  /** Whether the site's daily emissions parameter has caught up with the day's stored total. */
  private static boolean parameterFollowsItsTotal(String db, SimulatedPlantDay day) {
    Double total =
        JobHarness.totals(INFLUX, db, "emissions", "1d", day.dayStart, day.dayEnd)
            .get("site:sh-plant:emissions");
    Double tonnes = parameter(db, "P-SITE-CO2E", "1d", day.dayStart);
    return total != null && tonnes != null && Math.abs(tonnes - total / 1000) < 1e-12;
  }

  /** The core codec's reason for "{not json": where, and what Jackson found there. */
  private static void isMalformedJsonReason(String reason) {
    assertThat(reason)
        .startsWith("malformed JSON at character ")
        .contains(": Unexpected character ('n' (code 110)): was expecting double-quote");
  }
}
