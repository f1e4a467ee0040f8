package io.carbonwatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {
  @TempDir Path dir;

  private DemoOptions parse(String... args) {
    return DemoOptions.parse(List.of(args), dir);
  }

  private Path site() throws Exception {
    Path f = dir.resolve("plant.yaml");
    Files.writeString(f, "x");
    return f;
  }

  @Test
  void parsesEveryOptionInBothSpellings() throws Exception {
    site();
    DemoOptions o =
        parse(
            "--speed=600",
            "--port",
            "9090",
            "--mqtt-port",
            "2883",
            "--influx-port=9086",
            "--modbus-port",
            "1502",
            "--data-dir",
            "d",
            "--site",
            "plant.yaml",
            "--sim-start",
            "2026-11-23T08:50:00+08:00",
            "--anomaly-after",
            "90m");
    assertThat(o.speed()).isEqualTo(600);
    assertThat(o.httpPort()).isEqualTo(9090);
    assertThat(o.mqttPort()).isEqualTo(2883);
    assertThat(o.influxPort()).isEqualTo(9086);
    assertThat(o.modbusPort()).isEqualTo(1502);
    assertThat(o.dataDir()).isEqualTo(dir.resolve("d"));
    assertThat(o.siteModel()).isEqualTo(dir.resolve("plant.yaml"));
    assertThat(o.simStart()).isEqualTo(Instant.parse("2026-11-23T00:50:00Z"));
    assertThat(o.anomalyAfter()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void noAnomalyTurnsTheScenarioOff() throws Exception {
    site();
    assertThat(parse("--site", "plant.yaml", "--no-anomaly").anomalyAfter()).isNull();
  }

  @Test
  void rejectsBadValuesNamingTheOption() throws Exception {
    site();
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--speed", "fast"))
        .hasMessage("--speed: expected a number, got fast");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--speed", "0"))
        .hasMessageContaining("--speed: expected a number in (0, 10000]");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--port", "70000"))
        .hasMessage("--port: expected 1..65535, got 70000");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--port", "9000", "--mqtt-port", "9000"))
        .hasMessageContaining("expected different ports");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--anomaly-after", "soon"))
        .hasMessageContaining("--anomaly-after: expected a duration");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--sim-start", "yesterday"))
        .hasMessageContaining("--sim-start: expected an ISO-8601 time with offset");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--turbo"))
        .hasMessage("unknown option --turbo / 未知选项 --turbo");
    assertThatThrownBy(() -> parse("--site", "plant.yaml", "--port"))
        .hasMessage("--port: value missing");
  }

  @Test
  void findsTheExamplePlantFromInsideTheCheckout() {
    // the test runs in cli/; the plant is in ../docs/examples
    assertThat(DemoOptions.defaultSiteModel(Path.of("").toAbsolutePath()))
        .endsWith(Path.of("docs", "examples", "demo-plant.yaml"));
  }
}
