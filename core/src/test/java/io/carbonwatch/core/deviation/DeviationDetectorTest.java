package io.carbonwatch.core.deviation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.deviation.DeviationRule.Direction;
import io.carbonwatch.core.deviation.DeviationRule.Mode;
import io.carbonwatch.core.deviation.DeviationRule.SeverityThreshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviationDetectorTest {

  static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

  static DeviationRule rule(
      Mode mode, Direction direction, int n, int m, double clear, double... thresholds) {
    List<SeverityThreshold> s = new ArrayList<>();
    for (int i = 0; i < thresholds.length; i++) {
      s.add(new SeverityThreshold(Severity.values()[i], thresholds[i]));
    }
    return new DeviationRule(
        "dev-air-energy",
        "sh-plant",
        "SEU-AIR",
        "seu",
        "energy",
        "kWh",
        new LocalizedText("压缩空气系统", "Compressed air"),
        new LocalizedText("能耗", "energy"),
        mode,
        direction,
        s,
        clear,
        n,
        m);
  }

  /** Runs hourly windows with expected 100 and the given actuals; returns the events per window. */
  static final class Run {
    final DeviationDetector detector;
    DetectorState state = DetectorState.initial();
    Instant next = T0;
    final List<DeviationEvent> events = new ArrayList<>();

    Run(DeviationRule rule) {
      detector = new DeviationDetector(rule);
    }

    Optional<DeviationEvent> window(double actual) {
      return window(100, actual, null);
    }

    Optional<DeviationEvent> window(double expected, double actual, Double rse) {
      DeviationDetector.Result r =
          detector.apply(
              state, new WindowResult(next, next.plus(Duration.ofHours(1)), expected, actual, rse));
      state = r.state();
      next = next.plus(Duration.ofHours(1));
      r.event().ifPresent(events::add);
      return r.event();
    }

    void skip() {
      next = next.plus(Duration.ofHours(1));
    }
  }

  @Test
  void raisesOnlyAfterMinimumConsecutiveWindows() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 3, 2, 5, 10, 25, 50));
    assertThat(run.window(115)).isEmpty();
    assertThat(run.state.phase()).isEqualTo(DetectorState.Phase.PENDING);
    assertThat(run.window(112)).isEmpty();
    DeviationEvent raised = run.window(111).orElseThrow();
    assertThat(raised.type()).isEqualTo(DeviationEvent.Type.RAISED);
    assertThat(raised.eventSeq()).isEqualTo(1);
    assertThat(raised.consecutiveWindows()).isEqualTo(3);
    assertThat(raised.severity()).isEqualTo(Severity.MINOR);
    assertThat(raised.alertId()).isEqualTo("sh-plant/dev-air-energy/SEU-AIR/2026-11-24T00:00:00Z");
    assertThat(raised.windowStart()).isEqualTo(Instant.parse("2026-11-24T02:00:00Z"));
    assertThat(raised.time()).isEqualTo(raised.windowEnd());
    assertThat(raised.deviation()).isEqualTo(11.0);
  }

  @Test
  void nonSignificantWindowRestartsThePendingRun() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 3, 1, 5, 10));
    run.window(120);
    run.window(120);
    run.window(105);
    assertThat(run.state.phase()).isEqualTo(DetectorState.Phase.IDLE);
    run.window(120);
    run.window(120);
    assertThat(run.events).isEmpty();
    DeviationEvent raised = run.window(120).orElseThrow();
    assertThat(raised.alertId()).endsWith("/2026-11-24T03:00:00Z");
  }

  @Test
  void missingWindowBreaksTheConsecutiveRun() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 2, 1, 5, 10));
    run.window(120);
    run.skip();
    assertThat(run.window(120)).isEmpty();
    assertThat(run.window(120)).isPresent();
  }

  @Test
  void escalatingSeverityEmitsUpdatedWithSameAlertIdAndNextSeq() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 10, 25, 50));
    DeviationEvent raised = run.window(115).orElseThrow();
    DeviationEvent updated = run.window(130).orElseThrow();
    assertThat(updated.type()).isEqualTo(DeviationEvent.Type.UPDATED);
    assertThat(updated.severity()).isEqualTo(Severity.MAJOR);
    assertThat(updated.alertId()).isEqualTo(raised.alertId());
    assertThat(updated.eventSeq()).isEqualTo(2);
    assertThat(run.window(160).orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(run.window(170)).as("no event without a new level").isEmpty();
  }

  @Test
  void severityStaysAtItsHighestUntilCleared() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 10, 25));
    run.window(130);
    assertThat(run.window(112)).isEmpty();
    assertThat(run.state.severity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void clearsOnlyAfterConsecutiveWindowsUnderTheLowerClearThreshold() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 1, 2, 5, 10));
    DeviationEvent raised = run.window(120).orElseThrow();
    assertThat(run.window(103)).isEmpty(); // under clear: 1 of 2
    assertThat(run.window(108)).isEmpty(); // between clear (5) and raise (10): resets the count
    assertThat(run.state.phase()).isEqualTo(DetectorState.Phase.ACTIVE);
    assertThat(run.window(104)).isEmpty();
    DeviationEvent cleared = run.window(101).orElseThrow();
    assertThat(cleared.type()).isEqualTo(DeviationEvent.Type.CLEARED);
    assertThat(cleared.alertId()).isEqualTo(raised.alertId());
    assertThat(cleared.eventSeq()).isEqualTo(2);
    assertThat(cleared.consecutiveWindows()).isZero();
    assertThat(run.state)
        .isEqualTo(
            new DetectorState(DetectorState.Phase.IDLE, 0, 0, run.next.toEpochMilli(), null, 0, 0));
    DeviationEvent again = run.window(150).orElseThrow();
    assertThat(again.alertId()).isNotEqualTo(raised.alertId());
    assertThat(again.eventSeq()).isEqualTo(1);
  }

  @Test
  void directionSelectsWhichSideCounts() {
    Run above = new Run(rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 10));
    assertThat(above.window(50)).isEmpty();
    Run below = new Run(rule(Mode.PERCENT, Direction.BELOW, 1, 1, 5, 10));
    assertThat(below.window(120)).isEmpty();
    DeviationEvent under = below.window(80).orElseThrow();
    assertThat(under.deviationPercent()).isEqualTo(-20.0);
    assertThat(under.message().get("en")).contains("20.0% below baseline");
    assertThat(under.message().get("zh-CN")).contains("低于基准 20.0%");
    Run both = new Run(rule(Mode.PERCENT, Direction.BOTH, 1, 1, 5, 10));
    assertThat(both.window(80)).isPresent();
  }

  @Test
  void absoluteModeComparesTheDifferenceInUnits() {
    Run run = new Run(rule(Mode.ABSOLUTE, Direction.ABOVE, 1, 1, 20, 50));
    assertThat(run.window(1000, 1049, null)).isEmpty();
    DeviationEvent e = run.window(1000, 1050, null).orElseThrow();
    assertThat(e.deviation()).isEqualTo(50.0);
  }

  @Test
  void residualModeUsesMultiplesOfTheBaselineStandardError() {
    Run run = new Run(rule(Mode.RESIDUAL_SE, Direction.BOTH, 1, 1, 1, 2, 3));
    assertThat(run.window(100, 119, 10.0)).isEmpty(); // 1.9 σ
    assertThat(run.window(100, 75, 10.0).orElseThrow().severity()).isEqualTo(Severity.MINOR);
    assertThat(run.window(100, 131, 10.0).orElseThrow().severity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void undefinedPercentDeviationIsIgnoredWithAReason() {
    DeviationDetector d = new DeviationDetector(rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 10));
    DeviationDetector.Result r =
        d.apply(DetectorState.initial(), new WindowResult(T0, T0.plusSeconds(3600), 0, 10, null));
    assertThat(r.event()).isEmpty();
    assertThat(r.ignored())
        .hasValueSatisfying(s -> assertThat(s).contains("undefined").contains("percent"));
    assertThat(r.state().phase()).isEqualTo(DetectorState.Phase.IDLE);
  }

  @Test
  void windowBeforeTheLastOneIsIgnored() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 2, 1, 5, 10));
    run.window(120);
    DetectorState before = run.state;
    DeviationDetector.Result r =
        run.detector.apply(before, new WindowResult(T0, T0.plusSeconds(3600), 100, 200, null));
    assertThat(r.ignored())
        .hasValueSatisfying(s -> assertThat(s).contains("before the end of the last window"));
    assertThat(r.state()).isSameAs(before);
  }

  @Test
  void alertMessageIsBilingual() {
    Run run = new Run(rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 10, 25));
    DeviationEvent e = run.window(400, 507.6, null).orElseThrow();
    assertThat(e.severity()).isEqualTo(Severity.MAJOR);
    assertThat(e.message().get("zh-CN"))
        .startsWith("压缩空气系统 能耗高于基准 26.9%")
        .contains("严重")
        .contains("连续 1 个窗口");
    assertThat(e.message().get("en"))
        .startsWith("Compressed air energy 26.9% above baseline")
        .contains("severity major");
    run.window(400, 400, null);
    DeviationEvent cleared = run.events.get(1);
    assertThat(cleared.message().get("zh-CN")).isEqualTo("压缩空气系统 能耗已恢复至基准范围内（偏差 +0.0%）");
    assertThat(cleared.message().get("en"))
        .isEqualTo("Compressed air energy back within baseline (deviation +0.0%)");
  }

  @Test
  void ruleRejectsClearThresholdAtOrAboveRaiseThresholdAndUnorderedSeverities() {
    assertThatThrownBy(() -> rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 10, 10))
        .hasMessageContaining("dev-air-energy.clearThreshold");
    assertThatThrownBy(() -> rule(Mode.PERCENT, Direction.ABOVE, 1, 1, 5, 20, 10))
        .hasMessageContaining("dev-air-energy.severities[1]");
    assertThatThrownBy(() -> rule(Mode.PERCENT, Direction.ABOVE, 0, 1, 5, 10))
        .hasMessageContaining("minConsecutiveWindows");
  }
}
