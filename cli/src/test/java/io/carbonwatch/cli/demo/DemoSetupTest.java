package io.carbonwatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks that stop the demo before anything runs, with a message that says what to do. */
class DemoSetupTest {
  @TempDir Path dir;

  @Test
  void missingServerNamesTheDebianPackageInBothLanguages() {
    DebianPackages packages =
        new DebianPackages(
            new PrintStream(new ByteArrayOutputStream()), false, List.of(dir.toString()));
    assertThatThrownBy(() -> packages.require("influxd", "influxdb"))
        .isInstanceOf(DemoException.class)
        .hasMessage(
            "influxd not found: run 'sudo apt-get install -y influxdb' / 未找到 influxd，请运行"
                + " 'sudo apt-get install -y influxdb'");
    assertThat(DebianPackages.missingMessage("mosquitto", "mosquitto", true))
        .startsWith("mosquitto not found: run 'apt-get install -y mosquitto'");
  }

  @Test
  void findsAnInstalledBinaryOnTheSearchPath() throws Exception {
    Path bin = dir.resolve("mosquitto");
    Files.writeString(bin, "#!/bin/sh\n");
    bin.toFile().setExecutable(true);
    DebianPackages packages =
        new DebianPackages(
            new PrintStream(new ByteArrayOutputStream()), false, List.of(dir.toString()));
    assertThat(packages.require("mosquitto", "mosquitto")).isEqualTo(bin);
  }

  @Test
  void refusesToEmptyADirectoryTheDemoDidNotMake() throws Exception {
    Path precious = dir.resolve("thesis");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("chapter1.tex"), "…");
    assertThatThrownBy(() -> Demo.prepareDataDir(precious))
        .isInstanceOf(DemoException.class)
        .hasMessageContaining("not empty and not a demo directory");
    assertThat(precious.resolve("chapter1.tex")).exists();
  }

  @Test
  void emptiesItsOwnDataDirectoryAtEachStart() throws Exception {
    Path d = Demo.prepareDataDir(dir.resolve("demo"));
    Files.createDirectories(d.resolve("influxdb/data"));
    Files.writeString(d.resolve("influxdb/data/shard"), "old run");
    Path again = Demo.prepareDataDir(d);
    assertThat(again.resolve(Demo.MARKER)).exists();
    assertThat(again.resolve("influxdb")).doesNotExist();
  }

  @Test
  void stopsAServerAPreviousDemoLeftRunningAfterAKill9() throws Exception {
    Path d = Demo.prepareDataDir(dir.resolve("demo"));
    Files.createDirectories(d.resolve("influxdb"));
    // stands in for an influxd whose JVM died without its shutdown hook; its command line names
    // the data dir, as influxd's -config argument does
    Process orphan =
        new ProcessBuilder("/bin/sh", "-c", "sleep 300; true", d.resolve("influxdb").toString())
            .start();
    Files.writeString(d.resolve("influxdb/influxd.pid"), Long.toString(orphan.pid()));
    // an unrelated live process whose pid file is stale must not be touched
    Process stranger = new ProcessBuilder("/bin/sh", "-c", "sleep 300; true").start();
    Files.createDirectories(d.resolve("mosquitto"));
    Files.writeString(d.resolve("mosquitto/mosquitto.pid"), Long.toString(stranger.pid()));
    try {
      Demo.prepareDataDir(d);
      assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(stranger.isAlive()).isTrue();
    } finally {
      orphan.destroyForcibly().waitFor();
      stranger.destroyForcibly().waitFor();
    }
  }

  @Test
  void oneTimePasswordsAreLongAndUnambiguous() {
    SecureRandom r = new SecureRandom();
    String a = Demo.newPassword(r, 20);
    String b = Demo.newPassword(r, 20);
    assertThat(a).hasSize(20).doesNotContain("0", "O", "1", "l", "I").isNotEqualTo(b);
  }

  @Test
  void takenPortStopsTheStartNamingTheOption() throws Exception {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Ports.requireFree(s.getLocalPort(), "MQTT broker", "--mqtt-port"))
          .isInstanceOf(DemoException.class)
          .hasMessageContaining("port " + s.getLocalPort())
          .hasMessageContaining("--mqtt-port");
    }
  }

  @Test
  void modbusPortOptionMovesTheSimulatorGatewayAndTheAgentWithIt() {
    var model =
        new io.carbonwatch.core.site.SiteModelLoader()
            .load(Path.of("..", "docs", "examples", "demo-plant.yaml"));
    var moved = DemoPlant.withModbusPort(model, 25020);
    var gateway = moved.sites().get(0).agents().get(0).gateways().get(0);
    assertThat(gateway.port()).isEqualTo(25020);
    assertThat(gateway.host()).isEqualTo("127.0.0.1");
    assertThat(model.sites().get(0).agents().get(0).gateways().get(0).port()).isEqualTo(15020);
    assertThat(moved.sites().get(0).meters()).isEqualTo(model.sites().get(0).meters());
  }

  @Test
  void agentPollsFasterByTheSpeedButNotBelowAQuarterSecond() {
    var model =
        new io.carbonwatch.core.site.SiteModelLoader()
            .load(Path.of("..", "docs", "examples", "demo-plant.yaml"));
    var plant =
        new DemoPlant(
            model,
            model.sites().get(0),
            new io.carbonwatch.edge.sim.SimClock(java.time.Instant.EPOCH, 60));
    var meters = plant.agentModel().sites().get(0).meters();
    // M-GAS polls every 10 s simulated: 1/60 of it is 167 ms, raised to the 250 ms floor
    assertThat(
            meters.stream()
                .filter(m -> m.id().equals("M-GAS"))
                .findFirst()
                .orElseThrow()
                .pollInterval())
        .isEqualTo(java.time.Duration.ofMillis(250));
    // M-WEATHER every 60 s simulated: one second of wall time
    assertThat(
            meters.stream()
                .filter(m -> m.id().equals("M-WEATHER"))
                .findFirst()
                .orElseThrow()
                .pollInterval())
        .isEqualTo(java.time.Duration.ofSeconds(1));
  }

  @Test
  void mosquittoConfigListensOnLoopbackWithoutLimits() {
    MosquittoComponent m = new MosquittoComponent(null, dir, 11883);
    assertThat(m.config(false))
        .contains("listener 11883 127.0.0.1")
        .contains("max_queued_messages 0")
        .contains("persistence false")
        .doesNotContain("user root");
    assertThat(m.config(true)).startsWith("user root\n");
  }
}
