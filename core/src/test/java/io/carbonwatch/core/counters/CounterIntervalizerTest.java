package io.carbonwatch.core.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterIntervalizerTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final CounterChannelConfig hourly =
      CounterChannelConfig.of("M-AIR-1", "energy_import", "kWh", Duration.ofHours(1))
          .withRegister(new BigDecimal("99999999.9"), new BigDecimal("0.1"));

  /** Feeds readings and collects intervals; rejected readings fail the helper. */
  private static final class Feed {
    final CounterIntervalizer intervalizer;
    CounterState state = CounterState.initial();
    final List<IntervalConsumption> intervals = new ArrayList<>();
    final List<Correction> corrections = new ArrayList<>();

    Feed(CounterChannelConfig config) {
      intervalizer = new CounterIntervalizer(config);
    }

    CounterIntervalizer.Result add(String time, double value, String serial) {
      return add(new CounterReading(Instant.parse(time), value, serial, ReadingQuality.GOOD));
    }

    CounterIntervalizer.Result add(CounterReading reading) {
      CounterIntervalizer.Result r = intervalizer.apply(state, reading);
      assertThat(r.rejection()).as("rejection of %s", reading).isEmpty();
      state = r.state();
      intervals.addAll(r.intervals());
      r.correction().ifPresent(corrections::add);
      return r;
    }
  }

  @Test
  void splitsConsumptionProportionallyOnIntervalBoundary() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:58:00Z", 100.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T11:03:00Z", 105.0, "S1");

    assertThat(r.intervals()).hasSize(1);
    IntervalConsumption first = r.intervals().get(0);
    assertThat(first.start()).isEqualTo(T0);
    assertThat(first.end()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
    assertThat(first.amountMicro()).isEqualTo(2_000_000L); // 2 of 5 minutes of 5.0 kWh
    assertThat(first.has(IntervalFlag.SPLIT)).isTrue();
    assertThat(first.has(IntervalFlag.PARTIAL)).isTrue(); // nothing measured 10:00–10:58
    assertThat(first.quality()).isEqualTo(IntervalQuality.INCOMPLETE);
    assertThat(feed.state.openAmountMicro()).isEqualTo(3_000_000L);

    r = feed.add("2026-11-24T12:00:00Z", 110.0, "S1");
    assertThat(r.intervals())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.start()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
              assertThat(i.amount()).isEqualTo(8.0);
              assertThat(i.quality()).isEqualTo(IntervalQuality.GOOD);
            });
    assertThat(feed.state.openAmountMicro()).isZero();
  }

  @Test
  void readingExactlyOnBoundaryClosesTheIntervalWithoutSplitting() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 10.0, "S1");
    feed.add("2026-11-24T10:30:00Z", 12.5, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T11:00:00Z", 14.0, "S1");
    assertThat(r.intervals())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.amount()).isEqualTo(4.0);
              assertThat(i.flags()).isEmpty();
              assertThat(i.quality()).isEqualTo(IntervalQuality.GOOD);
            });
  }

  @Test
  void rolloverAddsRegisterMaximumPlusOne() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 99999998.7, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T10:30:00Z", 1.2, "S1");
    assertThat(r.correction())
        .hasValueSatisfying(
            c -> {
              assertThat(c.kind()).isEqualTo(Correction.Kind.ROLLOVER);
              assertThat(c.amountMicro()).isEqualTo(100_000_000_000_000L); // 99999999.9 + 0.1
            });
    r = feed.add("2026-11-24T11:00:00Z", 2.2, "S1");
    IntervalConsumption i = r.intervals().get(0);
    // 99999998.7 → 99999999.9 is 1.2, one step to 0.0 is 0.1, then 1.2 and 1.0 more
    assertThat(i.amountMicro()).isEqualTo(3_500_000L);
    assertThat(i.has(IntervalFlag.ROLLOVER)).isTrue();
    assertThat(i.quality()).isEqualTo(IntervalQuality.GOOD);
    assertThat(i.corrections())
        .extracting(Correction::kind)
        .containsExactly(Correction.Kind.ROLLOVER);
  }

  @Test
  void rolloverOfScaled32BitRegisterUsesRawModulus() {
    BigDecimal max = BigDecimal.valueOf(4294967295L).multiply(new BigDecimal("0.01"));
    Feed feed =
        new Feed(
            CounterChannelConfig.of("M1", "e", "kWh", Duration.ofMinutes(15))
                .withRegister(max, new BigDecimal("0.01")));
    feed.add("2026-11-24T10:00:00Z", 42949672.90, "S1");
    feed.add("2026-11-24T10:15:00Z", 0.05, "S1");
    assertThat(feed.intervals)
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.amountMicro())
                    .isEqualTo(110_000L)); // 0.05 to the top, 0.01 to wrap, 0.05
    assertThat(feed.corrections.get(0).amountMicro()).isEqualTo(42_949_672_960_000L);
  }

  @Test
  void dropFarFromRegisterMaximumIsAResetCountedFromZero() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 5000.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T10:20:00Z", 3.0, "S1");
    assertThat(r.correction())
        .hasValueSatisfying(
            c -> {
              assertThat(c.kind()).isEqualTo(Correction.Kind.RESET);
              assertThat(c.amount()).isEqualTo(5000.0);
            });
    r = feed.add("2026-11-24T11:00:00Z", 4.0, "S1");
    IntervalConsumption i = r.intervals().get(0);
    assertThat(i.amount()).isEqualTo(4.0);
    assertThat(i.has(IntervalFlag.RESET)).isTrue();
    assertThat(i.quality()).isEqualTo(IntervalQuality.ESTIMATED);
  }

  @Test
  void backwardJitterWithinToleranceIsNeitherResetNorCountedTwice() {
    Feed feed = new Feed(hourly.withBackwardTolerance(new BigDecimal("0.5")));
    feed.add("2026-11-24T10:00:00Z", 5000.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T10:20:00Z", 4999.7, "S1");
    assertThat(r.correction()).isEmpty();
    assertThat(feed.state.lastValueMicro()).isEqualTo(5_000_000_000L);
    r = feed.add("2026-11-24T11:00:00Z", 5001.0, "S1");
    IntervalConsumption i = r.intervals().get(0);
    assertThat(i.amount()).isEqualTo(1.0);
    assertThat(i.has(IntervalFlag.BACKWARD)).isTrue();
    assertThat(i.has(IntervalFlag.RESET)).isFalse();

    Feed strict = new Feed(hourly);
    strict.add("2026-11-24T10:00:00Z", 5000.0, "S1");
    assertThat(strict.add("2026-11-24T10:20:00Z", 4999.7, "S1").correction().orElseThrow().kind())
        .isEqualTo(Correction.Kind.RESET);
  }

  @Test
  void dropToZeroWithImplausibleRateIsAResetNotARollover() {
    CounterChannelConfig config = hourly.withRolloverPlausibility(0.5, 100.0);
    Feed feed = new Feed(config);
    // near the maximum, but wrapping would mean 1.1 kWh... fine; 100 kWh/h over 1 min is 1.67 kWh
    feed.add("2026-11-24T10:00:00Z", 99999990.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T10:01:00Z", 0.0, "S1");
    assertThat(r.correction().orElseThrow().kind()).isEqualTo(Correction.Kind.RESET);

    Feed plausible = new Feed(config);
    plausible.add("2026-11-24T10:00:00Z", 99999999.5, "S1");
    r = plausible.add("2026-11-24T10:01:00Z", 0.5, "S1");
    assertThat(r.correction().orElseThrow().kind()).isEqualTo(Correction.Kind.ROLLOVER);
  }

  @Test
  void meterReplacementCountsOldMeterTailAndStartsNewBaseline() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 1000.0, "OLD");
    feed.add("2026-11-24T10:20:00Z", 1010.0, "OLD");
    CounterIntervalizer.Result r =
        feed.intervalizer.replaceMeter(
            feed.state,
            new MeterReplacement(Instant.parse("2026-11-24T10:30:00Z"), "OLD", 1015.0, "NEW", 0.0));
    assertThat(r.accepted()).isTrue();
    assertThat(r.correction().orElseThrow().kind()).isEqualTo(Correction.Kind.REPLACEMENT);
    assertThat(r.correction().orElseThrow().amount()).isEqualTo(1015.0);
    feed.state = r.state();
    r = feed.add("2026-11-24T11:00:00Z", 7.0, "NEW");
    IntervalConsumption i = r.intervals().get(0);
    assertThat(i.amount()).isEqualTo(10.0 + 5.0 + 7.0);
    assertThat(i.has(IntervalFlag.METER_REPLACED)).isTrue();
    assertThat(i.corrections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.fromSerial()).isEqualTo("OLD");
              assertThat(c.toSerial()).isEqualTo("NEW");
            });
    assertThat(feed.state.meterSerial()).isEqualTo("NEW");
  }

  @Test
  void replacementOnABoundaryWithUnknownValuesStartsTheNewMeterAtItsFirstReading() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 500.0, "OLD");
    CounterIntervalizer.Result r =
        feed.intervalizer.replaceMeter(
            feed.state,
            new MeterReplacement(Instant.parse("2026-11-24T11:00:00Z"), "OLD", 510.0, "NEW", null));
    assertThat(r.intervals())
        .singleElement()
        .satisfies(i -> assertThat(i.amount()).isEqualTo(10.0));
    assertThat(r.state().meterSerial()).isEqualTo("OLD");
    feed.state = r.state();
    feed.add("2026-11-24T11:30:00Z", 3.0, "NEW");
    r = feed.add("2026-11-24T12:00:00Z", 4.5, "NEW");
    IntervalConsumption i = r.intervals().get(0);
    assertThat(i.amount()).isEqualTo(1.5);
    assertThat(i.flags()).contains(IntervalFlag.METER_REPLACED, IntervalFlag.PARTIAL);
    assertThat(i.corrections())
        .singleElement()
        .satisfies(c -> assertThat(c.amount()).isEqualTo(507.0));
  }

  @Test
  void serialChangeWithoutRecordLeavesTheGapUnmeasured() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 1000.0, "OLD");
    feed.add("2026-11-24T10:10:00Z", 1004.0, "OLD");
    CounterIntervalizer.Result r = feed.add("2026-11-24T10:40:00Z", 50.0, "NEW");
    assertThat(r.correction().orElseThrow().amount()).isEqualTo(1004.0 - 50.0);
    r = feed.add("2026-11-24T11:00:00Z", 52.0, "NEW");
    IntervalConsumption i = r.intervals().get(0);
    assertThat(i.amount()).isEqualTo(6.0);
    assertThat(i.has(IntervalFlag.PARTIAL)).isTrue();
    assertThat(i.quality()).isEqualTo(IntervalQuality.INCOMPLETE);
  }

  @Test
  void replacementNamingAnotherMeterIsRejected() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 1000.0, "OLD");
    CounterIntervalizer.Result r =
        feed.intervalizer.replaceMeter(
            feed.state,
            new MeterReplacement(Instant.parse("2026-11-24T10:30:00Z"), "X", null, "NEW", null));
    assertThat(r.rejection())
        .hasValueSatisfying(
            j -> {
              assertThat(j.reason()).isEqualTo(Rejection.Reason.SERIAL_MISMATCH);
              assertThat(j.message()).contains("X").contains("OLD");
            });
    assertThat(r.state()).isEqualTo(feed.state);
  }

  @Test
  void flagsFrozenRegisterOnlyAfterConfiguredTime() {
    Feed feed = new Feed(hourly.withFrozenAfter(Duration.ofMinutes(90)));
    feed.add("2026-11-24T10:00:00Z", 10.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T11:00:00Z", 10.0, "S1");
    assertThat(r.intervals().get(0).has(IntervalFlag.FROZEN)).isFalse();
    r = feed.add("2026-11-24T12:00:00Z", 10.0, "S1");
    assertThat(r.intervals().get(0).has(IntervalFlag.FROZEN)).isTrue();
    assertThat(r.intervals().get(0).quality()).isEqualTo(IntervalQuality.SUSPECT);
    r = feed.add("2026-11-24T13:00:00Z", 11.0, "S1");
    assertThat(r.intervals().get(0).has(IntervalFlag.FROZEN)).isFalse();
  }

  @Test
  void rejectsDuplicateAndOutOfOrderReadingsWithoutChangingState() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 10.0, "S1");
    feed.add("2026-11-24T10:10:00Z", 11.0, "S1");
    CounterState before = feed.state;
    CounterIntervalizer.Result dup =
        feed.intervalizer.apply(
            before, CounterReading.good(Instant.parse("2026-11-24T10:10:00Z"), 11.0, "S1"));
    assertThat(dup.rejection().orElseThrow().reason()).isEqualTo(Rejection.Reason.DUPLICATE);
    assertThat(dup.state()).isSameAs(before);
    CounterIntervalizer.Result late =
        feed.intervalizer.apply(
            before, CounterReading.good(Instant.parse("2026-11-24T10:05:00Z"), 10.5, "S1"));
    assertThat(late.rejection().orElseThrow().reason()).isEqualTo(Rejection.Reason.OUT_OF_ORDER);
    assertThat(late.rejection().orElseThrow().message()).contains("2026-11-24T10:05:00Z");
    assertThat(late.state()).isSameAs(before);
  }

  @Test
  void booksTheIntervalBeforeTheFirstReadingWhenAnOlderReadingArrivesAfterIt() {
    Feed feed = new Feed(hourly);
    // The second poll overtook the first: it started the baseline.
    feed.add("2026-11-24T10:50:00Z", 20.0, "S1");
    feed.add("2026-11-24T11:20:00Z", 23.0, "S1");
    CounterState before = feed.state;
    CounterIntervalizer.Result late = feed.add("2026-11-24T09:50:00Z", 14.0, "S1");

    // 6.0 kWh between 09:50 and 10:50: 1.0 in the 09:00 hour (booked as a whole interval), the
    // 5.0 of the 10:00 hour as an interval of its own that adds to the one already emitted.
    assertThat(late.intervals()).hasSize(2);
    assertThat(late.intervals().get(0).start()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    assertThat(late.intervals().get(0).amountMicro()).isEqualTo(1_000_000L);
    assertThat(late.intervals().get(0).has(IntervalFlag.PARTIAL)).isTrue();
    assertThat(late.intervals().get(1).start()).isEqualTo(T0);
    assertThat(late.intervals().get(1).amountMicro()).isEqualTo(5_000_000L);
    assertThat(late.correction()).isEmpty();
    // The state keeps its newest reading; only the baseline moved back.
    assertThat(late.state().lastTimeMs()).isEqualTo(before.lastTimeMs());
    assertThat(late.state().openAmountMicro()).isEqualTo(before.openAmountMicro());
    assertThat(late.state().firstTimeMs())
        .isEqualTo(Instant.parse("2026-11-24T09:50:00Z").toEpochMilli());

    // Everything booked adds up to the register's advance, whatever order the readings came in.
    long booked =
        feed.intervals.stream().mapToLong(IntervalConsumption::amountMicro).sum()
            + feed.state.openAmountMicro();
    assertThat(booked).isEqualTo(9_000_000L);
    // An even older reading extends the baseline again; one between first and last is still
    // out of order (the next reading carried its consumption).
    assertThat(feed.add("2026-11-24T09:40:00Z", 13.5, "S1").intervals())
        .singleElement()
        .satisfies(i -> assertThat(i.amountMicro()).isEqualTo(500_000L));
    assertThat(
            feed.intervalizer
                .apply(
                    feed.state,
                    CounterReading.good(Instant.parse("2026-11-24T11:00:00Z"), 21.0, "S1"))
                .rejection()
                .orElseThrow()
                .reason())
        .isEqualTo(Rejection.Reason.OUT_OF_ORDER);
  }

  @Test
  void rejectsAnOlderReadingThanTheFirstWhenTheRegisterWasHigherThen() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:50:00Z", 20.0, "S1");
    CounterState before = feed.state;
    // Higher than the baseline: a reset or wrap in between, so nothing certain to book.
    CounterIntervalizer.Result r =
        feed.intervalizer.apply(
            before, CounterReading.good(Instant.parse("2026-11-24T10:20:00Z"), 900.0, "S1"));
    assertThat(r.rejection().orElseThrow().reason()).isEqualTo(Rejection.Reason.OUT_OF_ORDER);
    assertThat(r.state()).isSameAs(before);
    // Another meter's older reading never counts for this one.
    CounterIntervalizer.Result other =
        feed.intervalizer.apply(
            before, CounterReading.good(Instant.parse("2026-11-24T10:20:00Z"), 10.0, "S0"));
    assertThat(other.accepted()).isFalse();
    assertThat(other.state()).isSameAs(before);
  }

  @Test
  void rejectsReadingsWithoutValueOrAboveRegisterMaximum() {
    CounterIntervalizer c = new CounterIntervalizer(hourly);
    assertThat(
            c.apply(CounterState.initial(), new CounterReading(T0, 0, "S1", ReadingQuality.TIMEOUT))
                .rejection()
                .orElseThrow()
                .reason())
        .isEqualTo(Rejection.Reason.NO_VALUE);
    assertThat(
            c.apply(CounterState.initial(), CounterReading.good(T0, 100000000.0, "S1"))
                .rejection()
                .orElseThrow()
                .reason())
        .isEqualTo(Rejection.Reason.ABOVE_REGISTER_MAXIMUM);
  }

  @Test
  void longGapIsProRatedOverEveryIntervalAndFlaggedEstimated() {
    Feed feed = new Feed(hourly.withMaxInterpolationGap(Duration.ofHours(2)));
    feed.add("2026-11-24T10:00:00Z", 0.0, "S1");
    CounterIntervalizer.Result r = feed.add("2026-11-24T14:00:00Z", 10.0, "S1");
    assertThat(r.intervals()).hasSize(4);
    assertThat(r.intervals())
        .extracting(IntervalConsumption::amountMicro)
        .containsExactly(2_500_000L, 2_500_000L, 2_500_000L, 2_500_000L);
    assertThat(r.intervals())
        .allSatisfy(
            i -> {
              assertThat(i.has(IntervalFlag.GAP)).isTrue();
              assertThat(i.quality()).isEqualTo(IntervalQuality.ESTIMATED);
            });
  }

  @Test
  void proRatingRemainderKeepsTheSumExactForIndivisibleAmounts() {
    Feed feed = new Feed(CounterChannelConfig.of("M1", "e", "kWh", Duration.ofMinutes(1)));
    feed.add("2026-11-24T10:00:00Z", 0.0, "S1");
    feed.add("2026-11-24T10:03:00Z", 0.000001, "S1"); // one micro-unit over three intervals
    assertThat(feed.intervals)
        .extracting(IntervalConsumption::amountMicro)
        .containsExactly(0L, 0L, 1L);
  }

  @Test
  void nonGoodReadingQualityMarksIntervalSuspect() {
    Feed feed = new Feed(hourly);
    feed.add("2026-11-24T10:00:00Z", 0.0, "S1");
    feed.add(
        new CounterReading(
            Instant.parse("2026-11-24T11:00:00Z"), 2.0, "S1", ReadingQuality.CALIBRATION_OVERDUE));
    assertThat(feed.intervals.get(0).has(IntervalFlag.SOURCE_QUALITY)).isTrue();
    assertThat(feed.intervals.get(0).quality()).isEqualTo(IntervalQuality.SUSPECT);
  }

  @Test
  void decimalStepsThatAreInexactInBinarySumExactly() {
    Feed feed = new Feed(CounterChannelConfig.of("M1", "e", "kWh", Duration.ofMinutes(15)));
    double v = 0;
    Instant t = T0;
    feed.add(new CounterReading(t, v, "S1", ReadingQuality.GOOD));
    for (int k = 0; k < 10_000; k++) {
      v += 0.1; // accumulates binary error on purpose
      t = t.plusSeconds(7);
      feed.add(new CounterReading(t, v, "S1", ReadingQuality.GOOD));
    }
    long sum =
        feed.intervals.stream().mapToLong(IntervalConsumption::amountMicro).sum()
            + feed.state.openAmountMicro();
    assertThat(sum).isEqualTo(MicroUnits.fromDouble(v));
  }
}
