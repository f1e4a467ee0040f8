package io.carbonwatch.bench.core;

import io.carbonwatch.core.counters.CounterChannelConfig;
import io.carbonwatch.core.counters.CounterIntervalizer;
import io.carbonwatch.core.counters.CounterReading;
import io.carbonwatch.core.counters.CounterState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CounterIntervalizer#apply} over one day of 1-minute readings of an energy counter with
 * 15-minute intervals (1,440 readings, 96 intervals). Scores are per reading.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CounterIntervalizerBench {

  static final int READINGS = 1_440;

  private CounterIntervalizer intervalizer;
  private CounterReading[] readings;

  @Setup
  public void setUp() {
    intervalizer =
        new CounterIntervalizer(
            CounterChannelConfig.of("m-air-1", "energy_import", "kWh", Duration.ofMinutes(15)));
    readings = new CounterReading[READINGS];
    Instant t0 = Instant.parse("2026-11-24T00:00:00Z");
    double value = 1_234_567.0;
    for (int i = 0; i < READINGS; i++) {
      // 60-90 kW load: 1.0-1.5 kWh a minute, varying so that no two steps are equal
      value += 1.0 + 0.5 * Math.abs(Math.sin(i / 37.0));
      readings[i] = CounterReading.good(t0.plusSeconds(60L * i), value, "SN-0001");
    }
    int intervals = 0;
    CounterState s = CounterState.initial();
    for (CounterReading r : readings) {
      CounterIntervalizer.Result res = intervalizer.apply(s, r);
      if (!res.accepted()) {
        throw new IllegalStateException("benchmark reading rejected: " + res.rejection());
      }
      intervals += res.intervals().size();
      s = res.state();
    }
    if (intervals != READINGS / 15 - 1) {
      throw new IllegalStateException("expected 95 closed intervals, got " + intervals);
    }
  }

  @Benchmark
  @OperationsPerInvocation(READINGS)
  public void applyDayOfMinuteReadings(Blackhole bh) {
    CounterState s = CounterState.initial();
    for (CounterReading r : readings) {
      CounterIntervalizer.Result res = intervalizer.apply(s, r);
      bh.consume(res.intervals());
      s = res.state();
    }
    bh.consume(s);
  }
}
