package io.carbonwatch.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.modbus.RegisterCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
  static final ZoneId SH = ZoneId.of("Asia/Shanghai");

  @Test
  void productionFollowsShiftsAndTheWeek() {
    LoadShape s = new LoadShape(SH, 0.3);
    Instant tuesday10 = Instant.parse("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
    Instant tuesday03 = Instant.parse("2026-11-23T19:00:00Z"); // 03:00 in Shanghai
    Instant saturday10 = Instant.parse("2026-11-28T02:00:00Z");
    Instant sunday10 = Instant.parse("2026-11-29T02:00:00Z");
    assertThat(s.production(tuesday10)).isEqualTo(1.0);
    assertThat(s.production(tuesday03)).isZero();
    assertThat(s.load(tuesday03)).isEqualTo(0.3);
    assertThat(s.production(saturday10)).isEqualTo(0.5);
    assertThat(s.production(sunday10)).isLessThan(s.production(saturday10));
    assertThat(s.load(tuesday10)).isGreaterThan(s.load(saturday10));
  }

  private SimulatedMeter meter(long seed, SimClock clock) {
    return new SimulatedMeter(
        "M-1",
        ProfileCatalog.shipped().find("eastron-sdm630").orElseThrow(),
        100,
        1,
        1,
        new LoadShape(SH, 0.3),
        seed,
        clock,
        1000);
  }

  @Test
  void theSameSeedAndStartGiveTheSameRegisters() {
    Instant start = Instant.parse("2026-11-24T02:00:00Z");
    SimulatedMeter a = meter(7, new SimClock(start, 1e-9));
    SimulatedMeter b = meter(7, new SimClock(start, 1e-9));
    SimulatedMeter c = meter(8, new SimClock(start, 1e-9));
    assertThat(a.read(4, 0, 76)).containsExactly(b.read(4, 0, 76));
    assertThat(a.read(4, 0, 12)).isNotEqualTo(c.read(4, 0, 12));
  }

  @Test
  void energyIntegratesTheLoadOverSimulatedTime() throws Exception {
    Instant start = Instant.parse("2026-11-24T02:00:00Z");
    SimulatedMeter m = meter(1, new SimClock(start, 3600)); // one simulated hour per second
    double e0 = m.valueNow("energy_import");
    assertThat(e0).isCloseTo(100_000, org.assertj.core.data.Offset.offset(100.0));
    Thread.sleep(500);
    double e1 = m.valueNow("energy_import");
    // ~half an hour at full load (10:00 on a Tuesday) of a 100 kW meter: about 50 kWh
    assertThat(e1 - e0).isBetween(40.0, 70.0);
    ProfileField f = m.profile().field("energy_import").orElseThrow();
    int[] regs = m.read(4, f.address(), 2);
    assertThat(RegisterCodec.decode(regs, 0, f.type(), f.order())).isGreaterThan(e0);
  }

  @Test
  void aFaultScriptNamesAnUnknownMeter(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("faults.yaml");
    Files.writeString(f, "faults:\n  - {meter: M-9, fault: timeout, at: 1m, for: 1m}\n");
    FaultScript s = FaultScript.load(f);
    assertThat(s.steps()).hasSize(1);
    assertThatThrownBy(() -> s.check(List.of("M-1")))
        .hasMessageContaining("faults[0].meter: no simulated Modbus meter M-9");
    Files.writeString(f, "faults:\n  - {meter: M-1, fault: melt, at: 1m}\n");
    assertThatThrownBy(() -> FaultScript.load(f)).hasMessageContaining("expected one of timeout");
  }
}
