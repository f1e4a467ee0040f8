package io.carbonwatch.jobs;

import static io.carbonwatch.jobs.JobHarness.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures in the middle of a simulated day: the job restarts from its latest checkpoint (the
 * broker redelivers what was not acknowledged, dedupe drops repeats), and InfluxDB going away only
 * slows the job down. Either way the day's totals stay exact.
 */
class CarbonJobRecoveryTest {
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static JobClient start(String name, String db, Sink<String> influx) throws Exception {
    INFLUX.createDatabase(db);
    MqttSourceConfig readings =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), name), name);
    MqttSource.prepareSessions(readings, 2);
    CarbonJob job =
        new CarbonJob(
            CarbonJobDayTest.testConfig(),
            new MqttSource(readings),
            new MqttSource(
                MqttSourceConfig.control(MqttConnection.anonymous(MQTT.uri(), name + "-control"))),
            influx,
            new MqttPublishSink(MqttConnection.anonymous(MQTT.uri(), name + "-out"), "out"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    job.build(env);
    return env.executeAsync(name);
  }

  /**
   * Waits until the day's totals have converged: a reader that stalls behind the other lets the
   * watermark run ahead, so a window may first fire with part of its data and then be corrected
   * (allowed lateness) — the stored values are final only once they stop changing.
   */
  private static void awaitDay(String db, SimulatedPlantDay day) throws InterruptedException {
    JobHarness.await(
        "the day's totals to equal the independent calculation",
        Duration.ofSeconds(240),
        () -> {
          try {
            assertExactDay(db, day);
            return true;
          } catch (AssertionError | RuntimeException e) {
            return false;
          }
        });
  }

  private static void assertExactDay(String db, SimulatedPlantDay day) {
    Map<String, Double> activity =
        JobHarness.totals(INFLUX, db, "activity", "1d", day.dayStart, day.dayEnd);
    for (String meter :
        new String[] {
          "M-MAIN.energy_import",
          "M-AIR-1.energy_import",
          "M-AIR-2.energy_import",
          "M-CHILL.energy_import",
          "M-PV.energy_import",
          "M-GAS.volume_standard",
          "M-PROD.units"
        }) {
      String[] mc = meter.split("\\.");
      assertClose(
          activity, "meter:" + mc[0] + ":" + mc[1], day.dayConsumption(meter).doubleValue(), 1e-12);
    }
    assertClose(
        activity,
        "seu:SEU-AIR:electricity",
        day.dayConsumption("M-AIR-1.energy_import")
            .add(day.dayConsumption("M-AIR-2.energy_import"))
            .doubleValue(),
        1e-12);
    // Every minute of the day, not just the day: a replayed minute counted twice would show here.
    JobHarness.assertEveryMinute(INFLUX, db, day, "M-MAIN.energy_import");
  }

  @Test
  void restartsFromTheLatestCheckpointAfterAFailureWithTotalsStillExact() throws Exception {
    SimulatedPlantDay day = SimulatedPlantDay.standard();
    String db = "cw_restart";
    Sink<String> influx =
        new FailOnceSink<>(new InfluxSink(InfluxConfig.of(INFLUX.url(), db)), "restart");
    JobClient job = start("restart", db, influx);
    try (JobHarness.Broker broker = new JobHarness.Broker(MQTT.uri(), "restart-test")) {
      int half = day.readings.size() / 2;
      broker.publish(day.readings.subList(0, half));
      // Fail only once a checkpoint holds part of the day, so the restart has one to restore.
      JobHarness.await(
          "a completed checkpoint",
          Duration.ofSeconds(60),
          () -> checkpoints(job).path("counts").path("completed").asLong() > 0);
      FailOnceSink.arm("restart");
      broker.publish(day.readings.subList(half, day.readings.size()));
      awaitDay(db, day);
      assertThat(FailOnceSink.FAILED.get("restart")).as("the injected failure happened").isTrue();
      // Flink's own record of the restart: the checkpoint it restored (the REST API caches these
      // statistics for a few seconds, so look until they show it).
      JobHarness.await(
          "Flink's statistics to show a restored checkpoint",
          Duration.ofSeconds(30),
          () -> checkpoints(job).path("latest").path("restored").isObject());
      assertThat(checkpoints(job).path("latest").path("restored").path("id").asLong()).isPositive();
    } finally {
      job.cancel().get();
    }
    assertExactDay(db, day);
  }

  /** The sum over every vertex and subtask of the job's metrics named {@code *.name}. */
  private static long metricSum(JobClient job, String name) {
    long sum = 0;
    for (var vertex : rest("/jobs/" + job.getJobID()).path("vertices")) {
      String base = "/jobs/" + job.getJobID() + "/vertices/" + vertex.path("id").asText();
      StringBuilder names = new StringBuilder();
      for (var m : rest(base + "/subtasks/metrics")) {
        if (m.path("id").asText().endsWith("." + name)) {
          names.append(names.length() == 0 ? "" : ",").append(m.path("id").asText());
        }
      }
      if (names.length() > 0) {
        for (var m : rest(base + "/subtasks/metrics?agg=sum&get=" + names)) {
          sum += (long) m.path("sum").asDouble();
        }
      }
    }
    return sum;
  }

  /** The job's checkpoint statistics from the MiniCluster's REST API. */
  private static com.fasterxml.jackson.databind.JsonNode checkpoints(JobClient job) {
    return rest("/jobs/" + job.getJobID() + "/checkpoints");
  }

  /** GET {@code path} on the MiniCluster's REST API, as JSON. */
  private static com.fasterxml.jackson.databind.JsonNode rest(String path) {
    var conf = FLINK.getClientConfiguration();
    String url =
        "http://"
            + conf.get(org.apache.flink.configuration.RestOptions.ADDRESS)
            + ":"
            + conf.get(org.apache.flink.configuration.RestOptions.PORT)
            + path;
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void losesNothingWhileInfluxDbIsStoppedAndRestarted() throws Exception {
    SimulatedPlantDay day = SimulatedPlantDay.standard();
    String db = "cw_outage";
    JobClient job = start("outage", db, new InfluxSink(InfluxConfig.of(INFLUX.url(), db)));
    try (JobHarness.Broker broker = new JobHarness.Broker(MQTT.uri(), "outage-test")) {
      int half = day.readings.size() / 2;
      broker.publish(day.readings.subList(0, half));
      Thread.sleep(2_000);
      INFLUX.server().stop();
      broker.publish(day.readings.subList(half, day.readings.size()));
      Thread.sleep(6_000);
      INFLUX.server().restart();
      awaitDay(db, day);
      // The writers did meet the outage: they retried (and held the pipeline) rather than drop.
      JobHarness.await(
          "the InfluxDB writers' retry counters",
          Duration.ofSeconds(30),
          () -> metricSum(job, "cwInfluxWriteRetries") > 0);
    } finally {
      job.cancel().get();
    }
    assertExactDay(db, day);
  }
}
