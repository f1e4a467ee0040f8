package io.carbonwatch.cli.demo;

import io.carbonwatch.jobs.CarbonJob;
import io.carbonwatch.jobs.JobConfig;
import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The stream job on a local Flink MiniCluster, reading the demo broker and writing the demo
 * InfluxDB — the same {@link CarbonJob} graph a Flink cluster runs with {@code flink run}.
 */
final class StreamJobComponent implements DemoComponent {
  /** One slot: the demo shares two cores with the broker, InfluxDB, PostgreSQL and the API. */
  static final int PARALLELISM = 1;

  private final Path siteModel;
  private final String mqttUri;
  private final String influxUrl;
  private final String database;
  private StreamExecutionEnvironment env;
  private JobClient client;

  StreamJobComponent(Path siteModel, String mqttUri, String influxUrl, String database) {
    this.siteModel = siteModel;
    this.mqttUri = mqttUri;
    this.influxUrl = influxUrl;
    this.database = database;
  }

  @Override
  public String name() {
    return "stream-job";
  }

  /**
   * The job's timing for the demo. Event time is simulated time, so out-of-orderness stays the
   * production value; checkpoints are frequent because the InfluxDB sink flushes on every
   * checkpoint and live dashboards should not wait 30 s for a window.
   */
  static JobConfig config(Path siteModel, String yaml) {
    return JobConfig.defaults(siteModel.toString(), yaml)
        .withTiming(Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Override
  public void start() throws Exception {
    String yaml = Files.readString(siteModel, StandardCharsets.UTF_8);
    MqttSourceConfig readings =
        MqttSourceConfig.readings(
            MqttConnection.anonymous(mqttUri, "carbonwatch-demo-job"), "carbonwatch-demo");
    // queue the readings published before the job's readers connect
    MqttSource.prepareSessions(readings, PARALLELISM);
    CarbonJob job =
        new CarbonJob(
            config(siteModel, yaml),
            new MqttSource(readings),
            new MqttSource(
                MqttSourceConfig.control(
                    MqttConnection.anonymous(mqttUri, "carbonwatch-demo-job-control"))),
            new InfluxSink(InfluxConfig.of(influxUrl, database)),
            new MqttPublishSink(
                MqttConnection.anonymous(mqttUri, "carbonwatch-demo-job-out"), "demo"));
    Configuration conf = new Configuration();
    env = StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, conf);
    job.build(env);
    client = env.executeAsync("carbonwatch-demo");
  }

  @Override
  public String describe() {
    return "Stream job    Flink MiniCluster, parallelism "
        + PARALLELISM
        + " (job "
        + (client == null ? "?" : client.getJobID())
        + ")";
  }

  @Override
  public void close() {
    if (client != null) {
      try {
        client.cancel().get(60, TimeUnit.SECONDS);
        // the MiniCluster of a local executeAsync shuts down when its job has terminated
        client.getJobExecutionResult().handle((r, e) -> null).get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("stream-job: cancel: " + e);
      }
      client = null;
    }
    if (env != null) {
      try {
        env.close();
      } catch (Exception e) {
        System.err.println("stream-job: close: " + e);
      }
      env = null;
    }
  }
}
