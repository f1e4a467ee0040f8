package io.carbonwatch.core.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PowerIntegratorTest {

  private final PowerIntegrator integrator =
      new PowerIntegrator(
          new PowerIntegrator.Config(
              "M-PV", "power_active", "kWh", Duration.ofHours(1), Duration.ofMinutes(30)));

  private PowerIntegrator.Result feed(PowerIntegratorState s, String time, double kw) {
    return integrator.apply(s, new PowerSample(Instant.parse(time), kw, ReadingQuality.GOOD));
  }

  @Test
  void integratesLinearRampWithTrapezoidSplitAtBoundary() {
    PowerIntegratorState s =
        feed(PowerIntegratorState.initial(), "2026-11-24T10:50:00Z", 100).state();
    // 10:50 → 11:10 ramps 100 → 200 kW; at 11:00 the rate is 150 kW
    PowerIntegrator.Result r = feed(s, "2026-11-24T11:10:00Z", 200);
    assertThat(r.intervals())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.amount())
                  .isCloseTo(125.0 / 6, org.assertj.core.data.Offset.offset(1e-6));
              assertThat(i.has(IntervalFlag.PARTIAL)).isTrue();
            });
    assertThat(r.state().openAmount())
        .isCloseTo(175.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void constantPowerIntegratesToPowerTimesDurationAcrossManyIntervals() {
    PowerIntegratorState s = PowerIntegratorState.initial();
    java.util.List<IntervalConsumption> out = new java.util.ArrayList<>();
    Instant t = Instant.parse("2026-11-24T00:00:00Z");
    for (int i = 0; i <= 24 * 60; i++) { // one sample a minute for a day at 250 kW
      PowerIntegrator.Result r =
          integrator.apply(s, new PowerSample(t.plusSeconds(60L * i), 250, ReadingQuality.GOOD));
      s = r.state();
      out.addAll(r.intervals());
    }
    assertThat(out).hasSize(24);
    assertThat(out)
        .allSatisfy(
            i -> {
              assertThat(i.amountMicro()).isEqualTo(250_000_000L);
              assertThat(i.quality()).isEqualTo(IntervalQuality.GOOD);
            });
  }

  @Test
  void doesNotIntegrateAcrossGapsLongerThanTheLimit() {
    PowerIntegratorState s =
        feed(PowerIntegratorState.initial(), "2026-11-24T10:00:00Z", 100).state();
    s = feed(s, "2026-11-24T10:20:00Z", 100).state();
    PowerIntegrator.Result r = feed(s, "2026-11-24T12:20:00Z", 100);
    assertThat(r.intervals()).hasSize(2);
    assertThat(r.intervals().get(0).amount())
        .isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.intervals())
        .allSatisfy(i -> assertThat(i.quality()).isEqualTo(IntervalQuality.INCOMPLETE));
    assertThat(r.intervals().get(1).amount()).isZero();
  }

  @Test
  void rejectsNegativeAndOutOfOrderSamples() {
    PowerIntegratorState s =
        feed(PowerIntegratorState.initial(), "2026-11-24T10:00:00Z", 1).state();
    assertThat(feed(s, "2026-11-24T10:01:00Z", -1).rejection().orElseThrow().reason())
        .isEqualTo(Rejection.Reason.NEGATIVE_VALUE);
    assertThat(feed(s, "2026-11-24T09:59:00Z", 1).rejection().orElseThrow().reason())
        .isEqualTo(Rejection.Reason.OUT_OF_ORDER);
  }

  @Test
  void configRejectsIntervalThatDoesNotDivideADay() {
    assertThatThrownBy(
            () ->
                new PowerIntegrator.Config(
                    "M", "p", "kWh", Duration.ofMinutes(7), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval");
  }
}
