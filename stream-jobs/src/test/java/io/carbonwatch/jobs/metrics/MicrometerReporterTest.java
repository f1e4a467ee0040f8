package io.carbonwatch.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.functions.ParseReadings;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The job's counters reach a Prometheus scrape as Micrometer meters, through the reporter Flink
 * itself instantiates from its configuration (real MiniCluster, real HTTP).
 */
class MicrometerReporterTest {

  @Test
  void exportsTheJobsCountersAsMicrometerMetersAtMetricsWhileTheJobRuns() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Configuration conf = new Configuration();
    conf.setString("metrics.reporter.cw.factory.class", MicrometerReporterFactory.class.getName());
    conf.setString("metrics.reporter.cw.host", "127.0.0.1");
    conf.setString("metrics.reporter.cw.port", Integer.toString(port));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    GeneratorFunction<Long, MqttMessageRecord> broken =
        i ->
            new MqttMessageRecord(
                "cw/v1/sh-plant/readings/edge-1/M-AIR-1",
                ("{not json " + i).getBytes(StandardCharsets.UTF_8),
                0);
    env.fromSource(
            new DataGeneratorSource<>(
                broken,
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(100),
                TypeInformation.of(MqttMessageRecord.class)),
            WatermarkStrategy.noWatermarks(),
            "broken messages")
        .process(new ParseReadings())
        .name("parse")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("metrics-test");
    try {
      HttpClient http = HttpClient.newHttpClient();
      Pattern deadLetters =
          Pattern.compile(
              "job_dead_letters_messages_total\\{[^}]*operator=\"parse\"[^}]*subtask=\"(\\d)\"[^}]*\\}"
                  + " ([0-9.E]+)");
      String body = "";
      double sum = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (sum < 10 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        try {
          body =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
        } catch (java.io.IOException notYetListening) {
          continue;
        }
        sum = 0;
        Matcher m = deadLetters.matcher(body);
        while (m.find()) {
          sum += Double.parseDouble(m.group(2));
        }
      }
      assertThat(sum).as("dead letters counted in:%n%s", body).isGreaterThanOrEqualTo(10);
      // Named, described and tagged like the other components' meters.
      assertThat(body)
          .contains("# HELP job_dead_letters_messages_total messages sent to the dead letters")
          .contains("job=\"metrics-test\"")
          .contains("job_readings_parsed_readings_total{");
      // Flink's own metrics are left to Flink's reporters.
      assertThat(body).doesNotContain("numRecordsIn");
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void mapsEveryCounterTheJobsOperatorsRegisterAndNothingElse() throws Exception {
    // The operators' counter names, as written in the job's sources.
    java.util.Set<String> registered = new java.util.TreeSet<>();
    Pattern counter = Pattern.compile("counter\\(\"(cw[A-Za-z]+)\"");
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (var f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        Matcher m = counter.matcher(java.nio.file.Files.readString(f));
        while (m.find()) {
          registered.add(m.group(1));
        }
      }
    }
    assertThat(registered).hasSizeGreaterThan(10);
    assertThat(JobMeters.all().keySet()).containsExactlyInAnyOrderElementsOf(registered);
    assertThat(JobMeters.of("numRecordsIn")).isNull();
    JobMeters.all()
        .values()
        .forEach(
            s -> {
              assertThat(s.name()).matches("job(\\.[a-z]+)+");
              assertThat(s.baseUnit()).isNotBlank();
              assertThat(s.description()).isNotBlank();
            });
  }
}
