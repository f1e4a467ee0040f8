package io.carbonwatch.jobs.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SeriesWindowsTest {
  private static final long MIN = 60_000;
  private static final long GRACE = 2 * MIN;
  private static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();

  private static SeriesAmount piece(long startMs, double kwh) {
    return new SeriesAmount(
        SeriesAmount.keyOf("sh-plant", Level.METER, "M-1", "electricity"),
        "sh-plant",
        "Asia/Shanghai",
        Level.METER,
        "M-1",
        "electricity",
        "kWh",
        "piece",
        startMs,
        startMs + MIN,
        kwh,
        null,
        0,
        null,
        1);
  }

  private static SeriesAmount emissions(long startMs, double co2Kg) {
    double[] gas = new double[SeriesAmount.GAS_GROUPS];
    gas[GasGroup.CO2.ordinal()] = co2Kg;
    return new SeriesAmount(
        SeriesAmount.keyOf("sh-plant", Level.SITE, "sh-plant", "emissions.scope2"),
        "sh-plant",
        "Asia/Shanghai",
        Level.SITE,
        "sh-plant",
        "emissions.scope2",
        "kgCO2e",
        "piece",
        startMs,
        startMs + MIN,
        co2Kg,
        gas,
        0,
        "grid:cn-east@2022;AR6",
        1);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, SeriesAmount, SeriesAmount> harness(
      Duration lateness) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new SeriesWindows(Duration.ofMillis(GRACE), lateness), SeriesWindows::keyOf, Types.STRING);
  }

  private static List<SeriesAmount> totals(
      KeyedOneInputStreamOperatorTestHarness<String, SeriesAmount, SeriesAmount> h, String window) {
    return h.extractOutputValues().stream().filter(s -> s.window().equals(window)).toList();
  }

  @Test
  void firesAMinuteWindowOnlyAfterItsGraceAndSumsItsPieces() throws Exception {
    try (var h = harness(Duration.ofHours(1))) {
      h.processElement(piece(T0, 1.5), T0);
      h.processElement(piece(T0, 0.5), T0);
      h.processWatermark(new Watermark(T0 + MIN));
      assertThat(h.extractOutputValues()).isEmpty();
      h.processWatermark(new Watermark(T0 + MIN - 1 + GRACE));
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.amount()).isEqualTo(2.0);
                assertThat(t.window()).isEqualTo("1m");
                assertThat(t.startEpochMs()).isEqualTo(T0);
                assertThat(t.pieces()).isEqualTo(2);
              });
    }
  }

  @Test
  void aLatePieceCorrectsTheEmittedTotalOfEveryWindowAlreadyEmitted() throws Exception {
    try (var h = harness(Duration.ofHours(1))) {
      h.processElement(piece(T0, 2.0), T0);
      h.processWatermark(new Watermark(T0 + 20 * MIN));
      h.processElement(piece(T0, 0.25), T0);
      h.processElement(piece(T0, 0.0), T0);
      assertThat(totals(h, "1m")).extracting(SeriesAmount::amount).containsExactly(2.0, 2.25, 2.25);
      assertThat(totals(h, "15m"))
          .extracting(SeriesAmount::amount)
          .containsExactly(2.0, 2.25, 2.25);
      // A piece that changes nothing but the count is still a correction (coverage changed).
      assertThat(totals(h, "1m")).extracting(SeriesAmount::pieces).containsExactly(1L, 2L, 3L);
      // The hour has not fired yet: it fires once, with the corrected total.
      h.processWatermark(new Watermark(T0 + 2 * 60 * MIN));
      assertThat(totals(h, "1h")).extracting(SeriesAmount::amount).containsExactly(2.25);
    }
  }

  @Test
  void dropsPiecesLaterThanTheAllowedLatenessAndClearsWindowState() throws Exception {
    try (var h = harness(Duration.ofMinutes(5))) {
      h.processElement(piece(T0, 2.0), T0);
      h.processWatermark(new Watermark(T0 + 30 * MIN));
      h.processElement(piece(T0, 1.0), T0);
      assertThat(totals(h, "1m")).extracting(SeriesAmount::amount).containsExactly(2.0);
      assertThat(h.numKeyedStateEntries()).isPositive();
      // After the day's window and its lateness the month is still open.
      h.processWatermark(new Watermark(T0 + 2 * 24 * 60 * MIN));
      assertThat(h.numKeyedStateEntries()).isPositive();
      // After the month's window (November, local time) and its lateness: nothing is left.
      h.processWatermark(new Watermark(T0 + 40L * 24 * 60 * MIN));
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.extractOutputValues())
          .extracting(SeriesAmount::window)
          .containsExactlyInAnyOrder("1m", "15m", "1h", "1d", "1mo");
    }
  }

  @Test
  void aQuarterHourEqualsTheSumOfItsPiecesAfterACorrection() throws Exception {
    try (var h = harness(Duration.ofHours(1))) {
      for (int m = 0; m < 15; m++) {
        h.processElement(emissions(T0 + m * MIN, 1.0), T0 + m * MIN);
      }
      h.processWatermark(new Watermark(T0 + 10 * MIN));
      h.processElement(emissions(T0 + 3 * MIN, 0.5), T0 + 3 * MIN);
      h.processWatermark(new Watermark(T0 + 60 * MIN));
      SeriesAmount total = totals(h, "15m").get(totals(h, "15m").size() - 1);
      assertThat(total.amount()).isEqualTo(15.5);
      assertThat(total.gasCo2eKg()[GasGroup.CO2.ordinal()]).isEqualTo(15.5);
      assertThat(total.pieces()).isEqualTo(16);
      assertThat(total.lineage()).isEqualTo("grid:cn-east@2022;AR6");
      // Minute 3 was emitted and then corrected; the quarter fired once, after the correction.
      assertThat(totals(h, "15m")).hasSize(1);
      assertThat(totals(h, "1m")).hasSize(16);
    }
  }

  @Test
  void aDayOfMinutePiecesFillsEveryWindowSizeOfTheLocalDay() throws Exception {
    // 2026-11-24 00:00 in Shanghai is 2026-11-23T16:00Z.
    long dayStart = Instant.parse("2026-11-23T16:00:00Z").toEpochMilli();
    try (var h = harness(Duration.ofHours(1))) {
      for (int m = 0; m < 24 * 60; m++) {
        h.processElement(piece(dayStart + m * MIN, 0.5), dayStart + m * MIN);
      }
      h.processWatermark(new Watermark(dayStart + 24 * 60 * MIN + GRACE));
      // The day has fired; left are the last hour's and the day's clean-up — one timer, as both
      // fall on the same instant — and the month's firing and clean-up. The minutes and
      // quarter-hours of an hour go with it, not with timers of their own (that would be ~60
      // timers here, ~360 per series at 6 h lateness).
      assertThat(h.numEventTimeTimers()).isEqualTo(3);
      h.processWatermark(new Watermark(dayStart + 25 * 60 * MIN));
      assertThat(h.numEventTimeTimers()).isEqualTo(2);
      // November ends at 2026-11-30T16:00Z in Shanghai.
      long monthEnd = Instant.parse("2026-11-30T16:00:00Z").toEpochMilli();
      h.processWatermark(new Watermark(monthEnd + 2 * 60 * MIN));
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(totals(h, "1mo"))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.startEpochMs())
                    .isEqualTo(Instant.parse("2026-10-31T16:00:00Z").toEpochMilli());
                assertThat(m.endEpochMs()).isEqualTo(monthEnd);
                assertThat(m.amount()).isEqualTo(720.0);
              });
      assertThat(totals(h, "1m")).hasSize(1440);
      assertThat(totals(h, "15m"))
          .hasSize(96)
          .allSatisfy(t -> assertThat(t.amount()).isEqualTo(7.5));
      assertThat(totals(h, "1h")).hasSize(24).allSatisfy(t -> assertThat(t.amount()).isEqualTo(30));
      assertThat(totals(h, "1d"))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.startEpochMs()).isEqualTo(dayStart);
                assertThat(d.endEpochMs()).isEqualTo(dayStart + 24 * 60 * MIN);
                assertThat(d.amount()).isEqualTo(720.0);
                assertThat(d.pieces()).isEqualTo(1440);
              });
    }
  }
}
