package io.carbonwatch.core.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of readings with rollovers, resets, replacements, duplicates, stale and
 * out-of-order readings, and readings older than the first one (booked before the baseline). A
 * small home-made generator (seeded, so failures reproduce) instead of a property-testing library,
 * to keep core on JDK + Jackson.
 */
class CounterInvariantPropertyTest {

  private static final long MODULUS_MICRO = 10_000_000_000L; // register 0 … 9999.9, step 0.1

  @Test
  void intervalSumEqualsLastMinusFirstPlusCorrectionsOverRandomSequences() {
    for (long seed = 1; seed <= 400; seed++) {
      runSequence(seed);
    }
  }

  private void runSequence(long seed) {
    Random rnd = new Random(seed);
    Duration interval =
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1))
            .get(rnd.nextInt(3));
    CounterChannelConfig config =
        CounterChannelConfig.of("M", "e", "kWh", interval)
            .withRegister(new BigDecimal("9999.9"), new BigDecimal("0.1"))
            .withFrozenAfter(rnd.nextBoolean() ? Duration.ofMinutes(30) : null)
            .withBackwardTolerance(new BigDecimal("0.5"));
    CounterIntervalizer c = new CounterIntervalizer(config);
    CounterState state = CounterState.initial();
    List<IntervalConsumption> intervals = new ArrayList<>();
    // Intervals booked before the baseline: late data for periods already open or emitted.
    List<IntervalConsumption> backfilled = new ArrayList<>();
    long corrections = 0;
    long trueCounted = 0; // what the generator knows should be counted
    long timeMs = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + rnd.nextInt(3_600_000);
    long valueTenths = rnd.nextInt(100_000);
    String serial = "S0";
    long firstMicro = valueTenths * 100_000L;
    long lastMicro = firstMicro;
    int serials = 0;

    long baselineMs = timeMs; // the current meter's earliest reading
    CounterIntervalizer.Result r = c.apply(state, reading(timeMs, valueTenths, serial));
    assertThat(r.accepted()).isTrue();
    state = r.state();
    int steps = 50 + rnd.nextInt(300);
    for (int k = 0; k < steps; k++) {
      int kind = rnd.nextInt(100);
      long dt = 1 + (long) rnd.nextInt(rnd.nextInt(10) == 0 ? 20_000_000 : 1_200_000);
      if (kind < 4) { // duplicate redelivery
        r = c.apply(state, reading(timeMs, valueTenths, serial));
        assertThat(r.rejection().orElseThrow().reason()).isEqualTo(Rejection.Reason.DUPLICATE);
        assertThat(r.state()).isSameAs(state);
        continue;
      }
      if (kind < 6) { // late reading after the baseline: the next reading carried its consumption
        if (timeMs - baselineMs < 2) {
          continue;
        }
        long late = timeMs - 1 - rnd.nextInt((int) Math.min(100_000, timeMs - baselineMs - 1));
        r = c.apply(state, reading(late, rnd.nextInt(99_999), serial));
        assertThat(r.rejection()).as("seed %d step %d", seed, k).isPresent();
        assertThat(r.state()).isSameAs(state);
        continue;
      }
      if (kind < 8 && serials == 0) { // older than the first meter's first reading, lower value
        long before = baselineMs - 1 - rnd.nextInt(100_000);
        long tenths =
            firstMicro / 100_000L - rnd.nextInt((int) Math.min(500, firstMicro / 100_000L + 1));
        r = c.apply(state, reading(before, tenths, serial));
        assertThat(r.accepted()).as("seed %d step %d", seed, k).isTrue();
        assertThat(r.correction()).isEmpty();
        state = r.state();
        backfilled.addAll(r.intervals());
        trueCounted += firstMicro - tenths * 100_000L;
        firstMicro = tenths * 100_000L;
        baselineMs = before;
        continue;
      }
      if (kind < 8) {
        continue;
      }
      timeMs += dt;
      long newTenths;
      String newSerial = serial;
      long counted;
      if (kind < 11 && valueTenths > 1_000 && valueTenths < 80_000) { // reset: wrap would be > 10 %
        newTenths = rnd.nextInt(50);
        counted = newTenths;
      } else if (kind < 13) { // meter replacement
        newSerial = "S" + (++serials);
        newTenths = rnd.nextInt(99_999);
        counted = 0;
      } else if (kind < 16 && valueTenths >= 5) { // float jitter backwards, within tolerance
        r = c.apply(state, reading(timeMs, valueTenths - 1 - rnd.nextInt(5), serial));
        assertThat(r.accepted()).isTrue();
        assertThat(r.correction()).isEmpty();
        state = r.state();
        intervals.addAll(r.intervals());
        continue; // the reference value stays where it was
      } else if (kind < 20) { // standing still
        newTenths = valueTenths;
        counted = 0;
      } else {
        long inc = rnd.nextInt(kind < 30 ? 9_000 : 300); // ≤ 900 kWh, below 10 % of the modulus
        newTenths = (valueTenths + inc) % 100_000;
        counted = inc;
      }
      r = c.apply(state, reading(timeMs, newTenths, newSerial));
      assertThat(r.accepted()).as("seed %d step %d", seed, k).isTrue();
      state = r.state();
      intervals.addAll(r.intervals());
      if (r.correction().isPresent()) {
        corrections += r.correction().get().amountMicro();
      }
      trueCounted += counted * 100_000L;
      valueTenths = newTenths;
      if (!newSerial.equals(serial)) {
        baselineMs = timeMs;
      }
      serial = newSerial;
      lastMicro = newTenths * 100_000L;
    }
    long sum =
        intervals.stream().mapToLong(IntervalConsumption::amountMicro).sum()
            + backfilled.stream().mapToLong(IntervalConsumption::amountMicro).sum()
            + state.openAmountMicro();
    assertThat(sum)
        .as("seed %d: sum vs last − first + corrections", seed)
        .isEqualTo(lastMicro - firstMicro + corrections);
    assertThat(sum).as("seed %d: sum vs generator's consumption", seed).isEqualTo(trueCounted);
    long intervalMs = interval.toMillis();
    for (int i = 0; i < intervals.size(); i++) {
      IntervalConsumption ic = intervals.get(i);
      assertThat(ic.start().toEpochMilli() % intervalMs).isZero();
      assertThat(Duration.between(ic.start(), ic.end())).isEqualTo(interval);
      if (i > 0) {
        assertThat(ic.start()).isEqualTo(intervals.get(i - 1).end());
      }
    }
    if (!intervals.isEmpty()) {
      assertThat(intervals.get(intervals.size() - 1).end().toEpochMilli())
          .isEqualTo(state.openStartMs());
    }
    for (IntervalConsumption ic : backfilled) {
      assertThat(ic.start().toEpochMilli() % intervalMs).isZero();
      assertThat(Duration.between(ic.start(), ic.end())).isEqualTo(interval);
    }
    assertThat(MODULUS_MICRO).isEqualTo(config.modulusMicro());
  }

  private static CounterReading reading(long timeMs, long tenths, String serial) {
    return new CounterReading(
        Instant.ofEpochMilli(timeMs), tenths / 10.0, serial, ReadingQuality.GOOD);
  }
}
