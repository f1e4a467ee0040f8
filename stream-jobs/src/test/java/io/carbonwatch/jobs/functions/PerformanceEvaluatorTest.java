package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.BaselinesControl;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.PerformancePoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BL-AIR of the example plant: expected = 38 + 0.42 × production per hour; dev-air-energy. */
class PerformanceEvaluatorTest {
  private static final long H = 3_600_000L;
  private static final long GRACE = 120_000L;
  private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
  private static final double EXPECTED = 38 + 0.42 * 240;

  private KeyedBroadcastOperatorTestHarness<String, PerfInput, ControlUpdate, PerformancePoint> h;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new PerformanceEvaluator(
                new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml()),
                Duration.ofMillis(GRACE),
                Duration.ofHours(6),
                0.9),
            PerfInput::key,
            Types.STRING,
            ControlState.DESCRIPTOR);
    h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
  }

  private void hour(int i, double actual, long pieces) throws Exception {
    long start = T0 + i * H;
    h.processElement(input("@actual", start, actual, pieces), start);
    h.processElement(input("RV-PROD", start, 240, 60), start);
  }

  private static PerfInput input(String role, long start, double value, long pieces) {
    return new PerfInput(
        "sh-plant|BL-AIR", "sh-plant", "BL-AIR", role, "1h", start, start + H, value, pieces);
  }

  private void passHour(int i) throws Exception {
    h.processWatermark(T0 + (i + 1) * H - 1 + GRACE);
  }

  private List<AlertEvent> alerts() {
    var out = h.getSideOutput(PerformanceEvaluator.ALERTS);
    return out == null ? List.of() : out.stream().map(r -> r.getValue()).toList();
  }

  @Test
  void raisesAfterThreeHighHoursAndClearsAtTheFirstNormalOne() throws Exception {
    for (int i = 0; i < 3; i++) {
      hour(i, EXPECTED * 1.3, 120);
      passHour(i);
      if (i < 2) {
        assertThat(alerts()).isEmpty();
      }
    }
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.event()).isEqualTo(AlertEventType.RAISED);
              assertThat(a.rule()).isEqualTo("dev-air-energy");
              assertThat(a.windowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * H));
              assertThat(a.deviationPercent())
                  .isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(a.message().zhCn()).contains("压缩空气");
            });
    hour(3, EXPECTED, 120);
    passHour(3);
    assertThat(alerts())
        .extracting(AlertEvent::event)
        .containsExactly(AlertEventType.RAISED, AlertEventType.CLEARED);
    assertThat(alerts()).extracting(AlertEvent::alertId).containsOnly(alerts().get(0).alertId());
    List<PerformancePoint> points = h.extractOutputValues();
    assertThat(points).hasSize(4);
    assertThat(points.get(3).cusum())
        .isCloseTo(-3 * 0.3 * EXPECTED, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void escalatesAnOpenAlertAsAnUpdateOfTheSameAlertInBothLanguages() throws Exception {
    for (int i = 0; i < 3; i++) {
      hour(i, EXPECTED * 1.3, 120);
      passHour(i);
    }
    hour(3, EXPECTED * 1.5, 120);
    passHour(3);
    assertThat(alerts())
        .extracting(AlertEvent::event, AlertEvent::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertEventType.RAISED, io.carbonwatch.core.wire.AlertSeverity.MAJOR),
            org.assertj.core.groups.Tuple.tuple(
                AlertEventType.UPDATED, io.carbonwatch.core.wire.AlertSeverity.CRITICAL));
    AlertEvent updated = alerts().get(1);
    assertThat(updated.alertId()).isEqualTo(alerts().get(0).alertId());
    assertThat(updated.eventSeq()).isGreaterThan(alerts().get(0).eventSeq());
    assertThat(updated.deviationPercent())
        .isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(updated.message().zhCn()).contains("压缩空气").contains("50.0%");
    assertThat(updated.message().en())
        .isEqualTo("Compressed air energy 50.0% above baseline, severity raised to critical");
  }

  @Test
  void keepsTheAlertOpenWhileTheDeviationStaysAboveTheClearLevel() throws Exception {
    for (int i = 0; i < 3; i++) {
      hour(i, EXPECTED * 1.3, 120);
      passHour(i);
    }
    // +7 %: below the minor threshold (10 %) but above clearBelow (5 %) — hysteresis holds it.
    hour(3, EXPECTED * 1.07, 120);
    passHour(3);
    assertThat(alerts()).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED);
    hour(4, EXPECTED * 1.02, 120);
    passHour(4);
    assertThat(alerts())
        .extracting(AlertEvent::event)
        .containsExactly(AlertEventType.RAISED, AlertEventType.CLEARED);
  }

  @Test
  void aLateCorrectionRewritesThePointButNeverClearsTheOpenAlert() throws Exception {
    for (int i = 0; i < 3; i++) {
      hour(i, EXPECTED * 1.3, 120);
      passHour(i);
    }
    // Backfill lowers hour 2 to normal after it was judged.
    h.processElement(input("@actual", T0 + 2 * H, EXPECTED, 120), T0 + 2 * H);
    PerformancePoint corrected = h.extractOutputValues().get(3);
    assertThat(corrected.corrected()).isTrue();
    assertThat(corrected.actual()).isEqualTo(EXPECTED);
    assertThat(corrected.cusum())
        .isCloseTo(-2 * 0.3 * EXPECTED, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(alerts()).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED);
    // Only an on-time normal hour clears it.
    hour(3, EXPECTED, 120);
    passHour(3);
    assertThat(alerts())
        .extracting(AlertEvent::event)
        .containsExactly(AlertEventType.RAISED, AlertEventType.CLEARED);
  }

  @Test
  void doesNotJudgeAnHourWithMissingData() throws Exception {
    for (int i = 0; i < 3; i++) {
      hour(i, EXPECTED * 0.1, 12);
      passHour(i);
    }
    assertThat(alerts()).isEmpty();
    assertThat(h.extractOutputValues())
        .allSatisfy(
            p -> {
              assertThat(p.judged()).isFalse();
              assertThat(p.coverage()).isEqualTo(0.1);
              assertThat(p.cusum()).isZero();
            });
  }

  @Test
  void appliesANewlyApprovedBaselineWithoutARestart() throws Exception {
    hour(0, EXPECTED, 120);
    passHour(0);
    assertThat(h.extractOutputValues().get(0).expected())
        .isCloseTo(EXPECTED, org.assertj.core.data.Offset.offset(1e-9));
    ApprovedBaseline approved =
        new ApprovedBaseline(
            "BL-AIR",
            2,
            "SEU-AIR",
            "energy",
            "hour",
            "kWh",
            100.0,
            Map.of("RV-PROD", 0.5),
            5.0,
            Instant.parse("2026-11-23T01:00:00Z"),
            "energy-manager",
            "new compressor controls / 新空压机控制");
    String payload =
        new String(
            WireCodec.encode(new BaselinesControl(List.of(approved))), StandardCharsets.UTF_8);
    h.processBroadcastElement(new ControlUpdate("sh-plant", "baselines", payload), T0);
    hour(1, EXPECTED, 120);
    passHour(1);
    assertThat(h.extractOutputValues().get(1).expected())
        .isCloseTo(100 + 0.5 * 240, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void forgetsAWindowOnceItCanNoLongerBeCorrected() throws Exception {
    hour(0, EXPECTED, 120);
    passHour(0);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(T0 + H + Duration.ofHours(6).toMillis());
    assertThat(h.numEventTimeTimers()).isZero();
    // The window is gone: a correction now changes nothing and emits nothing.
    h.processElement(input("@actual", T0, 1.0, 120), T0);
    assertThat(h.extractOutputValues()).hasSize(1);
  }

  @Test
  void evaluatesAMonthlyBaselineOnceTheSitesCalendarMonthHasPassed() throws Exception {
    // BL-SITE is monthly and fitted by the API: its model arrives approved on the control topic.
    ApprovedBaseline approved =
        new ApprovedBaseline(
            "BL-SITE",
            1,
            "sh-plant",
            "emissions",
            "month",
            "tCO2e",
            500.0,
            Map.of("RV-PROD", 0.1),
            20.0,
            Instant.parse("2026-11-01T00:00:00Z"),
            "energy-manager",
            "first fit / 首次拟合");
    String payload =
        new String(
            WireCodec.encode(new BaselinesControl(List.of(approved))), StandardCharsets.UTF_8);
    h.processBroadcastElement(new ControlUpdate("sh-plant", "baselines", payload), T0);
    // November in Shanghai: 2026-10-31T16:00Z to 2026-11-30T16:00Z.
    long start = Instant.parse("2026-10-31T16:00:00Z").toEpochMilli();
    long end = Instant.parse("2026-11-30T16:00:00Z").toEpochMilli();
    h.processElement(
        new PerfInput(
            "sh-plant|BL-SITE", "sh-plant", "BL-SITE", "@actual", "1mo", start, end, 2_600.0, 1),
        start);
    h.processElement(
        new PerfInput(
            "sh-plant|BL-SITE", "sh-plant", "BL-SITE", "RV-PROD", "1mo", start, end, 20_000.0, 1),
        start);
    h.processWatermark(end - 1);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(end - 1 + GRACE);
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.window()).isEqualTo("1mo");
              assertThat(p.expected())
                  .isCloseTo(500 + 0.1 * 20_000, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(p.actual()).isEqualTo(2_600.0);
            });
  }
}
