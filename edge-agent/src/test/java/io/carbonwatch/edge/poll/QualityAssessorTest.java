package io.carbonwatch.edge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.site.Calibration;
import io.carbonwatch.core.site.CalibrationStatus;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.MeasuringRange;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.site.ModbusAcquisition;
import io.carbonwatch.core.site.Names;
import io.carbonwatch.core.wire.InstrumentState;
import io.carbonwatch.core.wire.InstrumentStatusControl;
import io.carbonwatch.core.wire.Quality;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityAssessorTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Instant T = Instant.parse("2026-11-24T02:00:00Z");
  static final Channel CURRENT =
      new Channel("current_l1", "current", ChannelKind.GAUGE, "A", null, false, null);
  static final Channel POWER =
      new Channel(
          "power", "active_power", ChannelKind.GAUGE, "kW", null, true, Duration.ofMinutes(10));

  static Meter meter(Calibration cal) {
    return new Meter(
        "M",
        new Names("表", "Meter"),
        MeteringLevel.MAIN_EQUIPMENT,
        "electricity",
        "1",
        new MeasuringRange(0, 100, "A"),
        "S1",
        null,
        null,
        cal,
        new ModbusAcquisition("a", "gw", 1, "eastron-sdm630", null),
        Duration.ofSeconds(5),
        List.of(CURRENT, POWER));
  }

  static Calibration cal(LocalDate last, CalibrationStatus status) {
    return new Calibration(12, last, status, null);
  }

  final QualityAssessor q = new QualityAssessor(SHANGHAI);

  @Test
  void aValueOfACalibratedInstrumentWithinRangeIsGood() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    assertThat(q.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void outsideTheInstrumentsRangeInTheSameUnitIsOutOfRange() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    assertThat(q.assess(m, CURRENT, null, null, 120, T)).isEqualTo(Quality.OUT_OF_RANGE);
    // the range is in A: a kW channel is not judged by it
    assertThat(q.assess(m, POWER, null, null, 120, T)).isEqualTo(Quality.GOOD);
    // the profile's plausible range applies to any channel
    assertThat(q.assess(m, POWER, 0.0, 100.0, 120, T)).isEqualTo(Quality.OUT_OF_RANGE);
  }

  @Test
  void anInstrumentPastItsCalibrationDateIsOverdueOnTheSitesLocalDate() {
    // due 2026-11-23; at 02:00 UTC on the 24th it is already the 24th in Shanghai
    Meter m = meter(cal(LocalDate.of(2025, 11, 23), CalibrationStatus.QUALIFIED));
    assertThat(q.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.CALIBRATION_OVERDUE);
    Meter due = meter(cal(LocalDate.of(2025, 11, 24), CalibrationStatus.QUALIFIED));
    assertThat(q.assess(due, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void aDisabledInstrumentIsCalibrationFailedAboveEverythingElse() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.DISABLED));
    assertThat(q.assess(m, CURRENT, null, null, 500, T)).isEqualTo(Quality.CALIBRATION_FAILED);
  }

  @Test
  void aValueUnchangedLongerThanFrozenAfterIsFrozenUntilItMovesAgain() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    assertThat(q.assess(m, POWER, null, null, 50, T)).isEqualTo(Quality.GOOD);
    assertThat(q.assess(m, POWER, null, null, 50, T.plusSeconds(600))).isEqualTo(Quality.GOOD);
    assertThat(q.assess(m, POWER, null, null, 50, T.plusSeconds(601))).isEqualTo(Quality.FROZEN);
    assertThat(q.assess(m, POWER, null, null, 51, T.plusSeconds(602))).isEqualTo(Quality.GOOD);
    // a channel where change is not expected never freezes
    assertThat(q.assess(m, CURRENT, null, null, 5, T)).isEqualTo(Quality.GOOD);
    assertThat(q.assess(m, CURRENT, null, null, 5, T.plusSeconds(99999))).isEqualTo(Quality.GOOD);
  }

  // ---- live instrument state (control/instrument-status) ----------------------------------------

  final InstrumentStatuses live = new InstrumentStatuses();
  final QualityAssessor withLive = new QualityAssessor(SHANGHAI, live);

  static InstrumentStatusControl status(InstrumentState... states) {
    return new InstrumentStatusControl(List.of(states));
  }

  @Test
  void withoutALiveStateTheSiteModelDecidesAsBefore() {
    Meter overdue = meter(cal(LocalDate.of(2025, 11, 23), CalibrationStatus.QUALIFIED));
    Meter disabled = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.DISABLED));
    Meter fine = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    // no message received yet
    assertThat(withLive.assess(overdue, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
    assertThat(withLive.assess(disabled, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
    assertThat(withLive.assess(fine, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
    // a message that does not list the meter leaves it to the site model as well
    live.replace(status(new InstrumentState("OTHER", "disabled", "failed", null)));
    assertThat(withLive.assess(overdue, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
    assertThat(withLive.assess(disabled, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
    assertThat(withLive.assess(fine, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void aRecalibrationInTheApiEndsOverdueWithoutTouchingTheSiteModel() {
    // the site model still has last year's calibration: overdue
    Meter m = meter(cal(LocalDate.of(2025, 11, 23), CalibrationStatus.QUALIFIED));
    live.replace(status(new InstrumentState("M", "conditional", "overdue", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
    live.replace(status(new InstrumentState("M", "qualified", "ok", LocalDate.of(2027, 11, 20))));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
    // conditional (准用) with calibration ok is not flagged either
    live.replace(status(new InstrumentState("M", "conditional", "ok", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void aCalibrationThatFailedInTheApiIsCalibrationFailedAboveEverythingElse() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
    live.replace(status(new InstrumentState("M", "qualified", "failed", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
    // above out of range, as for the site model's disabled
    assertThat(withLive.assess(m, CURRENT, null, null, 500, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
    // status disabled (停用) alone is enough
    live.replace(status(new InstrumentState("M", "disabled", "ok", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
  }

  @Test
  void aLiveStateOkOverridesTheSiteModelsDisabled() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.DISABLED));
    live.replace(status(new InstrumentState("M", "qualified", "ok", LocalDate.of(2027, 6, 1))));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void liveOverdueKeepsThePrecedenceOfOutOfRangeAndFrozen() {
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    live.replace(status(new InstrumentState("M", "conditional", "overdue", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
    assertThat(withLive.assess(m, CURRENT, null, null, 120, T)).isEqualTo(Quality.OUT_OF_RANGE);
    assertThat(withLive.assess(m, POWER, null, null, 50, T)).isEqualTo(Quality.CALIBRATION_OVERDUE);
    assertThat(withLive.assess(m, POWER, null, null, 50, T.plusSeconds(601)))
        .isEqualTo(Quality.FROZEN);
  }

  @Test
  void anOkWhoseNextDueDatePassedOnTheSitesLocalDateIsOverdue() {
    // the API's periodic scan has not marked it yet; due 2026-11-23, and it is the 24th in Shanghai
    Meter m = meter(cal(LocalDate.of(2026, 6, 1), CalibrationStatus.QUALIFIED));
    live.replace(status(new InstrumentState("M", "qualified", "ok", LocalDate.of(2026, 11, 23))));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
    live.replace(status(new InstrumentState("M", "qualified", "ok", LocalDate.of(2026, 11, 24))));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T)).isEqualTo(Quality.GOOD);
  }

  @Test
  void eachMessageReplacesTheWholeLedger() {
    Meter m = meter(cal(LocalDate.of(2025, 11, 23), CalibrationStatus.QUALIFIED));
    live.replace(status(new InstrumentState("M", "qualified", "failed", null)));
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_FAILED);
    // M left the ledger: back to the site model (overdue), not the stale failed
    live.replace(status(new InstrumentState("OTHER", "qualified", "ok", null)));
    assertThat(live.of("M")).isNull();
    assertThat(withLive.assess(m, CURRENT, null, null, 42, T))
        .isEqualTo(Quality.CALIBRATION_OVERDUE);
  }
}
