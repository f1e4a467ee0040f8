package io.carbonwatch.cli.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonwatch.cli.demo.Demo;
import io.carbonwatch.cli.demo.DemoOptions;
import io.carbonwatch.cli.demo.Ports;
import io.carbonwatch.edge.sim.FaultType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every provisioned Grafana dashboard, run against a real InfluxDB holding what the
 * real stream job wrote for the simulated plant: the demo stack (simulator → edge agent → Mosquitto
 * → Flink job → InfluxDB) runs a few simulated hours at high speed, with the scripted
 * compressed-air leak (alerts, deviations), a Modbus fault on the chiller meter (data quality) and
 * one malformed reading (dead letters). Each query, with Grafana's variables substituted and a
 * bounded time range, must return at least one series.
 */
class GrafanaDashboardQueriesTest {
  private static final Map<String, String> VARIABLES = Map.of("site", "sh-plant", "seu", "SEU-AIR");

  static {
    io.carbonwatch.cli.demo.DemoCommand.quietLogging();
  }

  @TempDir static Path dir;
  private static Demo demo;
  private static Instant from;
  private static Instant to;

  @BeforeAll
  static void runTheSimulatedPlant() throws Exception {
    int influx = Ports.free();
    while (!Ports.isFree(influx + 2)) {
      influx = Ports.free();
    }
    DemoOptions options =
        DemoOptions.parse(
            List.of(
                "--speed",
                "600",
                "--port",
                "" + Ports.free(),
                "--mqtt-port",
                "" + Ports.free(),
                "--influx-port",
                "" + influx,
                "--modbus-port",
                "" + Ports.free(),
                "--data-dir",
                dir.resolve("demo").toString(),
                "--site",
                "../docs/examples/demo-plant.yaml",
                "--anomaly-after",
                "10m"),
            Path.of("").toAbsolutePath());
    demo =
        new Demo(
            options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    demo.start();
    from = demo.simStart();
    // a Modbus fault for a simulated hour: intervals of lower quality for the data-quality views
    demo.simulator().meter("M-CHILL").inject(FaultType.EXCEPTION, 0);
    // one malformed reading through the broker: the job's parser puts it in the dead letters
    MqttClient c = new MqttClient(demo.mqttUri(), "grafana-test", new MemoryPersistence());
    try {
      c.connect();
      MqttMessage bad =
          new MqttMessage("{\"v\":1,\"site\":\"sh-plant\"".getBytes(StandardCharsets.UTF_8));
      bad.setQos(1);
      c.publish("cw/v1/sh-plant/readings/edge-1/M-AIR-1", bad);
      c.disconnect();
    } finally {
      c.close();
    }
    awaitSimulated(Duration.ofHours(1));
    demo.simulator().meter("M-CHILL").clear(FaultType.EXCEPTION);
    // the leak starts 10 simulated minutes in; its alert needs three full hourly windows
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (count("SELECT count(\"alert_id\") FROM \"alerts\" WHERE " + range(from, demo.simNow()))
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no alert in InfluxDB within 3 minutes");
      }
      Thread.sleep(1_000);
    }
    Thread.sleep(3_000); // one more checkpoint: the sink flushes on checkpoints
    // dead letters carry the wall-clock instant they arrived, not simulated time; the simulated
    // clock can still be behind the wall clock here, so the range must reach both
    Instant simNow = demo.simNow();
    Instant wallNow = Instant.now();
    to = simNow.isAfter(wallNow) ? simNow : wallNow;
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private static void awaitSimulated(Duration d) throws InterruptedException {
    Instant until = demo.simStart().plus(d);
    while (demo.simNow().isBefore(until)) {
      Thread.sleep(200);
    }
  }

  private static String range(Instant a, Instant b) {
    return "time >= '" + a + "' AND time <= '" + b + "'";
  }

  @Test
  void everyPanelAndVariableQueryReturnsSeriesForTheSimulatedPlant() throws Exception {
    List<GrafanaDashboards.Query> queries = GrafanaDashboards.queries();
    assertThat(queries).hasSizeGreaterThan(25);
    List<String> failures = new ArrayList<>();
    for (GrafanaDashboards.Query q : queries) {
      String influxql = q.resolve(VARIABLES, from, to);
      JsonNode result = query(influxql);
      if (result.has("error")) {
        failures.add(
            q.where() + ": InfluxDB error " + result.get("error").asText() + "\n    " + influxql);
      } else if (result.path("series").isEmpty()) {
        failures.add(q.where() + ": no series\n    " + influxql);
      }
    }
    assertThat(failures)
        .as("queries that failed (%d of %d)", failures.size(), queries.size())
        .isEmpty();
  }

  @Test
  void theSameQueriesFindNothingOutsideTheSimulatedPeriod() throws Exception {
    // proves the time filter is applied: a day before the simulation started holds no data
    Instant dayBefore = from.minus(Duration.ofDays(1));
    for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
      if (q.influxql().contains("$timeFilter")) {
        JsonNode result = query(q.resolve(VARIABLES, dayBefore, from.minus(Duration.ofHours(1))));
        assertThat(result.has("error")).as(q.where()).isFalse();
        boolean anyValue = false;
        for (JsonNode s : result.path("series")) {
          for (JsonNode row : s.path("values")) {
            for (int i = 1; i < row.size(); i++) {
              anyValue |=
                  !row.get(i).isNull() && !(row.get(i).isNumber() && row.get(i).asDouble() == 0);
            }
          }
        }
        assertThat(anyValue).as("%s has data before the simulation", q.where()).isFalse();
      }
    }
  }

  private static long count(String influxql) throws Exception {
    JsonNode r = query(influxql);
    JsonNode values = r.path("series").path(0).path("values").path(0);
    return values.isMissingNode() ? 0 : values.path(1).asLong();
  }

  private static JsonNode query(String influxql) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            demo.influxUrl()
                                + "/query?db=carbonwatch&q="
                                + URLEncoder.encode(influxql, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode body = new ObjectMapper().readTree(r.body());
    if (body.has("error")) {
      return body;
    }
    return body.path("results").path(0);
  }

  @Test
  void provisionedDataSourceIsTheOneEveryPanelUses() throws Exception {
    String ds =
        Files.readString(
            GrafanaDashboards.DIR.resolve("provisioning/datasources/carbonwatch.yaml"));
    assertThat(ds)
        .contains("uid: " + GrafanaDashboards.DATASOURCE_UID)
        .contains("type: influxdb")
        .contains("dbName: carbonwatch");
    for (Path f : GrafanaDashboards.files()) {
      JsonNode d = GrafanaDashboards.read(f);
      assertThat(d.path("templating").path("list").findValuesAsText("name"))
          .as(f + " variables")
          .contains("site");
      for (JsonNode p : GrafanaDashboards.panels(d)) {
        assertThat(p.path("datasource").path("uid").asText())
            .as(f + " panel " + p.path("title"))
            .isEqualTo(GrafanaDashboards.DATASOURCE_UID);
        for (JsonNode t : p.path("targets")) {
          assertThat(t.path("rawQuery").asBoolean()).as(f + " " + p.path("title")).isTrue();
          assertThat(t.path("query").asText())
              .as(f + " " + p.path("title") + " is bounded by the dashboard's time range")
              .contains("$timeFilter");
        }
      }
    }
  }
}
