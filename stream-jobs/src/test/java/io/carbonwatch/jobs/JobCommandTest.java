package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonwatch job}: configuration errors stop it at start-up with a precise message (running
 * the command against servers: {@code JobCommandRunTest}).
 */
class JobCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return JobCommand.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void refusesAMissingSiteOption() throws Exception {
    assertThat(run("--mqtt", "tcp://127.0.0.1:1883")).isEqualTo(2);
    assertThat(errors()).contains("missing --site FILE");
  }

  @Test
  void refusesAnUnknownOptionAndABadDuration() throws Exception {
    assertThat(run("--site", DemoPlant.FILE.toString(), "--speed", "max")).isEqualTo(2);
    assertThat(errors()).contains("unknown option: --speed");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--checkpoint-interval", "soon"))
        .isEqualTo(2);
    assertThat(errors()).contains("--checkpoint-interval: expected a duration like 500ms, 30s");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--mqtt-sessions", "65")).isEqualTo(2);
    assertThat(errors()).contains("--mqtt-sessions: expected 1..64");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--metrics", "9465")).isEqualTo(2);
    assertThat(errors()).contains("--metrics: expected HOST:PORT, got 9465");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--metrics", "0.0.0.0:70000")).isEqualTo(2);
    assertThat(errors()).contains("--metrics: expected HOST:PORT, got 0.0.0.0:70000");
  }

  @Test
  void takesTheIdlenessAndRefusesTimingTheJobCannotUseNamingTheOption() throws Exception {
    JobCommand.Options o =
        JobCommand.Options.parse(List.of("--site", DemoPlant.FILE.toString(), "--idleness", "5s"));
    assertThat(o.idleness).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(o.config("site.yaml", "").idleness()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(JobCommand.Options.parse(List.of("--site", DemoPlant.FILE.toString())).idleness)
        .isEqualTo(java.time.Duration.ofSeconds(30));

    assertThat(run("--site", DemoPlant.FILE.toString(), "--idleness", "soon")).isEqualTo(2);
    assertThat(errors()).contains("--idleness: expected a duration like 500ms, 30s");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--idleness", "0s")).isEqualTo(2);
    assertThat(errors()).contains("--idleness: must be > 0, got PT0S");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--allowed-lateness", "1m")).isEqualTo(2);
    assertThat(errors()).contains("--allowed-lateness: must be at least windowGrace (PT2M)");
    err.reset();
    assertThat(run("--site", DemoPlant.FILE.toString(), "--checkpoint-interval", "0s"))
        .isEqualTo(2);
    assertThat(errors()).contains("--checkpoint-interval: must be > 0");
  }

  @Test
  void freshIsAFlagAndTheCheckpointDirectoryMustBeLocal() throws Exception {
    JobCommand.Options o =
        JobCommand.Options.parse(
            List.of("--fresh", "--site", DemoPlant.FILE.toString(), "--group", "g"));
    assertThat(o.fresh).isTrue();
    assertThat(o.group).isEqualTo("g");
    assertThat(JobCommand.Options.parse(List.of("--site", DemoPlant.FILE.toString())).fresh)
        .isFalse();

    assertThat(run("--site", DemoPlant.FILE.toString(), "--checkpoint-dir", "s3://bucket/ckpt"))
        .isEqualTo(2);
    assertThat(errors())
        .contains("--checkpoint-dir:")
        .contains("s3://bucket/ckpt")
        .contains("execution.checkpointing.dir");
  }

  @Test
  void underFlinkRunRefusesTheOptionsThatOnlyTheLocalClusterCouldApply() {
    String site = DemoPlant.FILE.toString();
    assertThatThrownBy(
            () ->
                JobCommand.main(
                    new String[] {
                      "--site",
                      site,
                      "--checkpoint-dir",
                      "file:///ckpt",
                      "--metrics",
                      "0.0.0.0:9465"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("options not accepted under flink run")
        .hasMessageContaining("--checkpoint-dir")
        .hasMessageContaining("execution.checkpointing.dir")
        .hasMessageContaining("RETAIN_ON_CANCELLATION")
        .hasMessageContaining("--metrics")
        .hasMessageContaining(
            "metrics.reporter.cw.factory.class: "
                + "io.carbonwatch.jobs.metrics.MicrometerReporterFactory");
    assertThatThrownBy(() -> JobCommand.main(new String[] {"--site", site, "--fresh"}))
        .hasMessageContaining("--fresh")
        .hasMessageContaining("-s <checkpoint>");
    // the job's own settings apply under flink run too: no complaint about them
    JobCommand.refuseLocalOnlyOptions(
        JobCommand.Options.parse(
            List.of("--site", site, "--idleness", "10s", "--parallelism", "2")));
  }

  @Test
  void stopsOnABrokenSiteModelWithFileLineAndPath(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken, DemoPlant.yaml().replace("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus"));
    assertThat(run("--site", broken.toString())).isEqualTo(2);
    assertThat(errors()).contains("broken.yaml:").contains("timeZone");
  }

  @Test
  void stopsOnAnUnknownFuelBeforeTheJobRuns(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, DemoPlant.yaml().replace("fuel: natural_gas", "fuel: natural_gaz"));
    assertThat(run("--site", broken.toString())).isEqualTo(2);
    assertThat(errors())
        .containsPattern(
            "broken\\.yaml:\\d+:\\d+ sites\\[0\\]\\.sources\\[\\d\\]\\.fuel: unknown fuel 'natural_gaz'");
  }

  @Test
  void saysSoWhenTheBrokerCannotBeReached() throws Exception {
    assertThat(run("--site", DemoPlant.FILE.toString(), "--mqtt", "tcp://127.0.0.1:1"))
        .isEqualTo(1);
    assertThat(errors()).contains("cannot reach the MQTT broker tcp://127.0.0.1:1");
  }

  @Test
  void advisesFreshOnlyWhenTheFailureCameFromReadingTheCheckpoint() {
    assertThat(
            JobCommand.isRestoreFailure(
                "org.apache.flink.util.StateMigrationException: The new state serializer"
                    + " cannot be incompatible"))
        .isTrue();
    assertThat(JobCommand.isRestoreFailure("java.io.IOException: Cannot read _metadata")).isTrue();
    // The broker going away while the job starts says nothing about the checkpoint.
    assertThat(
            JobCommand.isRestoreFailure(
                "org.eclipse.paho.mqttv5.common.MqttException: Unable to connect to server"))
        .isFalse();
  }
}
