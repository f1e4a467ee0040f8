package io.carbonwatch.core.counters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Integrates instantaneous power samples into interval energy with the trapezoid rule, for meters
 * that have no counter. Between two samples the rate is taken as linear, so splitting at an
 * interval boundary uses the interpolated rate there. Samples further apart than {@code maxGap} are
 * not integrated: the intervals they cover get no energy and the {@link IntervalFlag#PARTIAL} flag.
 *
 * <p>Unlike counters this works in doubles: a trapezoid is already an estimate, and the amounts are
 * rounded to micro-units only when an interval is emitted.
 */
public final class PowerIntegrator {

  /**
   * @param meter meter id
   * @param channel channel id of the power channel
   * @param energyUnit unit of the integrated amount (kWh for kW)
   * @param interval interval length, aligned to the UTC epoch, dividing one day
   * @param maxGap largest sample spacing that is still integrated
   */
  public record Config(
      String meter, String channel, String energyUnit, Duration interval, Duration maxGap) {
    public Config {
      CounterChannelConfig.of(meter, channel, energyUnit, interval); // same checks
      Objects.requireNonNull(maxGap, "maxGap");
      if (maxGap.isNegative() || maxGap.isZero()) {
        throw new IllegalArgumentException("maxGap: must be > 0");
      }
    }
  }

  /**
   * @param state the state to keep
   * @param intervals intervals completed by this sample
   * @param rejection why the sample was not used, if it was not
   */
  public record Result(
      PowerIntegratorState state,
      List<IntervalConsumption> intervals,
      Optional<Rejection> rejection) {
    public Result {
      Objects.requireNonNull(state, "state");
      intervals = List.copyOf(intervals);
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  private static final double MS_PER_HOUR = 3_600_000.0;

  private final Config config;
  private final long intervalMs;
  private final long maxGapMs;

  public PowerIntegrator(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.intervalMs = config.interval().toMillis();
    this.maxGapMs = config.maxGap().toMillis();
  }

  public Result apply(PowerIntegratorState state, PowerSample sample) {
    if (!sample.quality().hasValue()) {
      return reject(
          state, Rejection.Reason.NO_VALUE, "sample at " + sample.time() + " has no value");
    }
    if (sample.ratePerHour() < 0) {
      return reject(
          state,
          Rejection.Reason.NEGATIVE_VALUE,
          "sample at " + sample.time() + " is negative: " + sample.ratePerHour());
    }
    long t1 = sample.time().toEpochMilli();
    int qualityBit =
        sample.quality() == ReadingQuality.GOOD ? 0 : IntervalFlag.SOURCE_QUALITY.bit();
    if (!state.started()) {
      long open = Math.floorDiv(t1, intervalMs) * intervalMs;
      int flags = qualityBit | (open == t1 ? 0 : IntervalFlag.PARTIAL.bit());
      return new Result(
          new PowerIntegratorState(true, t1, sample.ratePerHour(), open, 0, flags),
          List.of(),
          Optional.empty());
    }
    long t0 = state.lastTimeMs();
    if (t1 <= t0) {
      return reject(
          state,
          t1 == t0 ? Rejection.Reason.DUPLICATE : Rejection.Reason.OUT_OF_ORDER,
          "sample at " + sample.time() + " is not after " + Instant.ofEpochMilli(t0));
    }
    boolean integrate = t1 - t0 <= maxGapMs;
    int segmentFlags = qualityBit | (integrate ? 0 : IntervalFlag.PARTIAL.bit());
    double p0 = state.lastRatePerHour();
    double p1 = sample.ratePerHour();
    long openStart = state.openStartMs();
    double openAmount = state.openAmount();
    int openFlags = state.openFlagMask();
    List<IntervalConsumption> out = List.of();
    long from = t0;
    while (openStart + intervalMs <= t1) {
      long end = openStart + intervalMs;
      if (integrate) {
        openAmount += area(p0, p1, t0, t1, from, end);
      }
      openFlags |= segmentFlags;
      if (out.isEmpty()) {
        out = new ArrayList<>(2);
      }
      out.add(
          new IntervalConsumption(
              config.meter(),
              config.channel(),
              config.energyUnit(),
              Instant.ofEpochMilli(openStart),
              Instant.ofEpochMilli(end),
              Math.round(openAmount * MicroUnits.SCALE),
              openFlags,
              List.of()));
      from = end;
      openStart = end;
      openAmount = 0;
      openFlags = 0;
    }
    if (t1 > from) {
      if (integrate) {
        openAmount += area(p0, p1, t0, t1, from, t1);
      }
      openFlags |= segmentFlags;
    }
    return new Result(
        new PowerIntegratorState(true, t1, p1, openStart, openAmount, openFlags),
        out,
        Optional.empty());
  }

  /** Trapezoid over [a, b] of the straight line through (t0, p0) and (t1, p1). */
  private static double area(double p0, double p1, long t0, long t1, long a, long b) {
    double span = t1 - t0;
    double pa = p0 + (p1 - p0) * ((a - t0) / span);
    double pb = p0 + (p1 - p0) * ((b - t0) / span);
    return (pa + pb) / 2 * ((b - a) / MS_PER_HOUR);
  }

  private static Result reject(PowerIntegratorState state, Rejection.Reason reason, String msg) {
    return new Result(state, List.of(), Optional.of(new Rejection(reason, msg)));
  }
}
