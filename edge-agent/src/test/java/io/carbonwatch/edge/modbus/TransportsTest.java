package io.carbonwatch.edge.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.edge.poll.DevicePoller;
import io.carbonwatch.edge.poll.DeviceProfiles;
import io.carbonwatch.edge.poll.DeviceSpec;
import io.carbonwatch.edge.poll.FieldOutcome;
import io.carbonwatch.edge.poll.PollResult;
import io.carbonwatch.edge.sim.Simulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTU framing over TCP (serial-to-Ethernet converters) and RTU on a serial line (a pseudo-terminal
 * pair made with socat), several unit ids behind one connection each.
 */
class TransportsTest {
  @TempDir Path dir;
  Simulator sim;
  Process socat;

  @AfterEach
  void stop() throws Exception {
    if (sim != null) sim.close();
    if (socat != null) {
      socat.destroy();
      socat.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String site(String gateway) {
    return """
        organisation: {id: t, name: {zh: 测试, en: Test}}
        factors: {gwp: AR5, combustion: gbt32151, grid: "cn-grid:east:2023", heat: "cn-heat:default"}
        sites:
          - id: t
            name: {zh: 测试, en: Test}
            timeZone: Asia/Shanghai
            gridRegion: east
            agents:
              - id: a
                gateways:
        %s
            meters:
              - id: M-1
                name: {zh: 一, en: One}
                level: main_equipment
                energyType: electricity
                accuracyClass: "1"
                calibration: {intervalMonths: 12, lastCalibrated: 2026-06-01, status: qualified}
                read: {protocol: modbus, agent: a, gateway: gw, unitId: 11, profile: eastron-sdm630}
                pollInterval: 1s
                channels:
                  - {id: energy_import, quantity: electricity, kind: counter, unit: kWh}
                  - {id: voltage_l1n, quantity: voltage, kind: gauge, unit: V}
              - id: M-2
                name: {zh: 二, en: Two}
                level: main_equipment
                energyType: electricity
                accuracyClass: "1"
                calibration: {intervalMonths: 12, lastCalibrated: 2026-06-01, status: qualified}
                read: {protocol: modbus, agent: a, gateway: gw, unitId: 12, profile: acrel-dtsd1352}
                pollInterval: 1s
                channels:
                  - {id: energy_import, quantity: electricity, kind: counter, unit: kWh}
                  - {id: frequency, quantity: frequency, kind: gauge, unit: Hz}
        """
        .formatted(gateway.indent(10).stripTrailing());
  }

  private void pollBothUnits(Site site) {
    Gateway g = site.agents().get(0).gateways().get(0);
    DeviceProfiles profiles = new DeviceProfiles(ProfileCatalog.shipped());
    DevicePoller poller = new DevicePoller(Clock.systemUTC(), DevicePoller.Listener.NONE);
    try (J2modLink link = new J2modLink(g)) {
      for (int round = 0; round < 3; round++) {
        for (Meter m : site.meters()) {
          DeviceSpec spec = DeviceSpec.of(m, profiles.of(m), 1, 1);
          PollResult r =
              poller.poll(link, spec, g.timeout(), g.retries(), g.pauseBetweenRequests());
          Map<String, FieldOutcome> c = r.channels();
          assertThat(c.values()).allSatisfy(o -> assertThat(o.ok()).as(m.id() + " " + o).isTrue());
          assertThat(c.get("energy_import").value()).isPositive();
          if (m.id().equals("M-1")) {
            assertThat(c.get("voltage_l1n").value()).isBetween(220.0, 240.0);
          } else {
            assertThat(c.get("frequency").value()).isBetween(49.9, 50.1);
          }
        }
      }
      assertThat(link.connects()).isEqualTo(1);
    }
  }

  @Test
  void readsSeveralUnitsWithRtuFramingOverTcp() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SiteModel model =
        new SiteModelLoader()
            .loadYaml(
                "rtu-tcp.yaml",
                site(
                    """
                    - id: gw
                      transport: rtu-over-tcp
                      host: 127.0.0.1
                      port: %d
                      timeout: 1s
                      retries: 1
                      pauseBetweenRequests: 0s
                    """
                        .formatted(port)));
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults()).start();
    pollBothUnits(model.sites().get(0));
  }

  @Test
  void readsSeveralUnitsOnASerialLine() throws Exception {
    Path agentSide = dir.resolve("ttyAgent");
    Path simSide = dir.resolve("ttySim");
    socat =
        new ProcessBuilder(
                "socat", "pty,raw,echo=0,link=" + agentSide, "pty,raw,echo=0,link=" + simSide)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    // socat needs a moment to create the pty pair; give up after 500 checks (10 s).
    for (int i = 0; !(Files.exists(agentSide) && Files.exists(simSide)); i++) {
      if (i == 500) {
        throw new AssertionError("socat made no pty pair; its log: " + dir.resolve("socat.log"));
      }
      Thread.sleep(20);
    }
    String agentTty = agentSide.toRealPath().toString();
    String simTty = simSide.toRealPath().toString();
    SiteModel model =
        new SiteModelLoader()
            .loadYaml(
                "rtu.yaml",
                site(
                    """
                    - id: gw
                      transport: rtu
                      device: %s
                      baud: 19200
                      parity: even
                      dataBits: 8
                      stopBits: 1
                      timeout: 1s
                      retries: 1
                      pauseBetweenRequests: 5ms
                    """
                        .formatted(agentTty)));
    sim =
        new Simulator(
                model.sites().get(0), Simulator.Options.defaults().withSerial(Map.of("gw", simTty)))
            .start();
    pollBothUnits(model.sites().get(0));
  }

  @Test
  void aMissingSerialDeviceIsAConnectionFailure() {
    Gateway g =
        new Gateway(
            "gw",
            io.carbonwatch.core.site.Transport.RTU,
            null,
            null,
            dir.resolve("nope").toString(),
            9600,
            io.carbonwatch.core.site.Parity.NONE,
            8,
            1,
            Duration.ofMillis(200),
            0,
            Duration.ZERO);
    try (J2modLink link = new J2modLink(g)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> link.read(1, 3, 0, 1, Duration.ofMillis(200)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.CONNECTION));
    }
  }
}
