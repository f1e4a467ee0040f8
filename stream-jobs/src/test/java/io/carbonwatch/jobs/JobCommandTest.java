package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbonwatch job}: configuration errors stop it at start-up with a precise message. */
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
}
