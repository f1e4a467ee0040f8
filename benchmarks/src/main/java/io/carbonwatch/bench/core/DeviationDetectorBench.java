package io.carbonwatch.bench.core;

import io.carbonwatch.core.deviation.DetectorState;
import io.carbonwatch.core.deviation.DeviationDetector;
import io.carbonwatch.core.deviation.DeviationRule;
import io.carbonwatch.core.deviation.DeviationRule.SeverityThreshold;
import io.carbonwatch.core.deviation.LocalizedText;
import io.carbonwatch.core.deviation.Severity;
import io.carbonwatch.core.deviation.WindowResult;
import java.time.Instant;
import java.util.List;
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
 * {@link DeviationDetector#apply} over a month of hourly windows (720) for a percent rule with two
 * severities, N = 3 to raise and M = 2 to clear. Actuals sit near the baseline with a 6-hour
 * excursion every day, so the stream raises, escalates and clears an alert daily. Scores are per
 * window.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeviationDetectorBench {

  static final int WINDOWS = 720;

  private DeviationDetector detector;
  private WindowResult[] windows;

  @Setup
  public void setUp() {
    detector =
        new DeviationDetector(
            new DeviationRule(
                "dev-air-energy",
                "sh-plant",
                "SEU-AIR",
                "seu",
                "energy",
                "kWh",
                new LocalizedText("压缩空气系统", "Compressed air"),
                new LocalizedText("能耗", "energy"),
                DeviationRule.Mode.PERCENT,
                DeviationRule.Direction.ABOVE,
                List.of(
                    new SeverityThreshold(Severity.MINOR, 10),
                    new SeverityThreshold(Severity.MAJOR, 25)),
                5,
                3,
                2));
    windows = new WindowResult[WINDOWS];
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < WINDOWS; i++) {
      int hour = i % 24;
      double actual = hour >= 10 && hour < 16 ? (hour < 13 ? 115 : 130) : 100 + (i % 5);
      windows[i] =
          new WindowResult(
              t0.plusSeconds(3600L * i), t0.plusSeconds(3600L * (i + 1)), 100, actual, null);
    }
    int events = 0;
    DetectorState s = DetectorState.initial();
    for (WindowResult w : windows) {
      DeviationDetector.Result r = detector.apply(s, w);
      events += r.event().isPresent() ? 1 : 0;
      s = r.state();
    }
    if (events < 2 * WINDOWS / 24) {
      throw new IllegalStateException("expected at least a raise and a clear a day, got " + events);
    }
  }

  @Benchmark
  @OperationsPerInvocation(WINDOWS)
  public void applyMonthOfHourlyWindows(Blackhole bh) {
    DetectorState s = DetectorState.initial();
    for (WindowResult w : windows) {
      DeviationDetector.Result r = detector.apply(s, w);
      bh.consume(r.event());
      s = r.state();
    }
    bh.consume(s);
  }
}
