package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.BaselinesControl;
import io.carbonwatch.core.wire.ControlKind;
import io.carbonwatch.core.wire.Topics;
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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane end to end: an approved baseline published on the site's retained {@code
 * control/baselines} topic — as the API publishes it — replaces the site model's pre-fitted one in
 * the running job, and the stored performance points use it.
 */
class CarbonJobControlTest {
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  /** The approved model: deliberately far from the site model's 38 + 0.42 × production. */
  private static final double INTERCEPT = 10.0;

  private static final double PER_PIECE = 0.5;

  @Test
  void anApprovedBaselineOnTheRetainedControlTopicReplacesTheSiteModelsInTheRunningJob()
      throws Exception {
    SimulatedPlantDay day = SimulatedPlantDay.standard();
    String db = "cw_control";
    INFLUX.createDatabase(db);
    try (JobHarness.Broker broker = new JobHarness.Broker(MQTT.uri(), "control-test")) {
      byte[] control =
          WireCodec.encode(
              new BaselinesControl(
                  List.of(
                      new ApprovedBaseline(
                          "BL-AIR",
                          2,
                          "SEU-AIR",
                          "energy",
                          "hour",
                          "kWh",
                          INTERCEPT,
                          Map.of("RV-PROD", PER_PIECE),
                          6.5,
                          Instant.parse("2026-11-20T08:00:00Z"),
                          "engineer@test",
                          "refit on the new compressor"))));
      broker.publishRaw(
          Topics.control("sh-plant", ControlKind.BASELINES),
          new String(control, StandardCharsets.UTF_8),
          true);

      MqttSourceConfig readings =
          MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "control"), "control");
      MqttSource.prepareSessions(readings, 2);
      CarbonJob job =
          new CarbonJob(
              CarbonJobDayTest.testConfig(),
              new MqttSource(readings),
              new MqttSource(
                  MqttSourceConfig.control(
                      MqttConnection.anonymous(MQTT.uri(), "control-control"))),
              new InfluxSink(InfluxConfig.of(INFLUX.url(), db)),
              new MqttPublishSink(MqttConnection.anonymous(MQTT.uri(), "control-out"), "out"));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      job.build(env);
      JobClient client = env.executeAsync("control");
      try {
        broker.publish(day.readings);
        Instant nine = day.dayStart.plus(Duration.ofHours(9));
        double pieces =
            day.consumption("M-PROD.units", nine, nine.plus(Duration.ofHours(1))).doubleValue();
        assertThat(pieces).isPositive();
        JobHarness.await(
            "the 09:00 performance point of BL-AIR",
            Duration.ofSeconds(120),
            () -> expectedAt(db, nine) != null);
        assertThat(expectedAt(db, nine))
            .isCloseTo(INTERCEPT + PER_PIECE * pieces, Offset.offset(1e-9))
            .isNotCloseTo(38 + 0.42 * pieces, Offset.offset(1.0));
      } finally {
        client.cancel().get();
      }
    }
  }

  private static Double expectedAt(String db, Instant start) {
    var rows =
        INFLUX.query(
            db,
            "SELECT expected FROM performance WHERE baseline = 'BL-AIR' AND time = '"
                + start
                + "'");
    return rows.isEmpty() || rows.get(0).get("expected") == null
        ? null
        : (Double) rows.get(0).get("expected");
  }
}
