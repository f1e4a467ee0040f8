package io.carbonwatch.core.counters;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How one counter channel is turned into interval consumption. Validated once, at start-up.
 *
 * @param meter meter id from the site model (e.g. {@code M-AIR-1})
 * @param channel channel id (e.g. {@code energy_import})
 * @param unit channel unit (e.g. {@code kWh}), carried onto the intervals
 * @param interval interval length; intervals are aligned to the UTC epoch (15 min, 1 h, …) and must
 *     divide a day evenly
 * @param registerMaximum highest value the register shows before it wraps to zero (e.g. {@code
 *     99999999.9}, or (2³²−1)·0.1 = {@code 429496729.5}); {@code null} when it never wraps
 * @param registerResolution smallest step of the register (e.g. {@code 0.1}); the wrap adds {@code
 *     registerMaximum + registerResolution}, i.e. "max + 1" in raw register counts
 * @param rolloverPlausibleFraction a drop is taken as a wrap only when the consumption it implies
 *     (new + modulus − old) is at most this fraction of the modulus; anything else is a reset. Must
 *     be in (0, 1).
 * @param maxPlausibleRatePerHour optional extra rule: a wrap whose implied consumption rate exceeds
 *     this many units per hour is a reset instead; {@code null} disables it
 * @param maxInterpolationGap readings further apart than this are still pro-rated (so totals stay
 *     exact) but the intervals they fill are flagged {@link IntervalFlag#GAP}
 * @param frozenAfter an unchanged value for at least this long is flagged {@link
 *     IntervalFlag#FROZEN}; {@code null} for channels where standing still is normal
 * @param backwardTolerance a drop of at most this much (float registers that jitter backwards) is
 *     not a reset: it counts as no consumption and the register reference stays at the higher value
 *     (flag {@link IntervalFlag#BACKWARD}); zero disables it
 */
public record CounterChannelConfig(
    String meter,
    String channel,
    String unit,
    Duration interval,
    BigDecimal registerMaximum,
    BigDecimal registerResolution,
    double rolloverPlausibleFraction,
    Double maxPlausibleRatePerHour,
    Duration maxInterpolationGap,
    Duration frozenAfter,
    BigDecimal backwardTolerance) {

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  public CounterChannelConfig {
    requireText(meter, "meter");
    requireText(channel, "channel");
    requireText(unit, "unit");
    Objects.requireNonNull(interval, "interval");
    long ms = interval.toMillis();
    if (ms <= 0 || DAY_MS % ms != 0) {
      throw new IllegalArgumentException(
          "interval: must be positive and divide one day evenly but was " + interval);
    }
    if (registerMaximum != null) {
      if (registerMaximum.signum() <= 0) {
        throw new IllegalArgumentException(
            "registerMaximum: must be > 0 but was " + registerMaximum);
      }
      if (registerResolution == null || registerResolution.signum() <= 0) {
        throw new IllegalArgumentException(
            "registerResolution: required and > 0 when registerMaximum is set");
      }
      MicroUnits.fromDecimal(registerMaximum.add(registerResolution), "registerMaximum");
      MicroUnits.fromDecimal(registerResolution, "registerResolution");
    }
    if (!(rolloverPlausibleFraction > 0 && rolloverPlausibleFraction < 1)) {
      throw new IllegalArgumentException(
          "rolloverPlausibleFraction: must be in (0, 1) but was " + rolloverPlausibleFraction);
    }
    if (maxPlausibleRatePerHour != null
        && !(maxPlausibleRatePerHour > 0 && Double.isFinite(maxPlausibleRatePerHour))) {
      throw new IllegalArgumentException(
          "maxPlausibleRatePerHour: must be > 0 but was " + maxPlausibleRatePerHour);
    }
    Objects.requireNonNull(maxInterpolationGap, "maxInterpolationGap");
    if (maxInterpolationGap.isNegative() || maxInterpolationGap.isZero()) {
      throw new IllegalArgumentException("maxInterpolationGap: must be > 0");
    }
    if (frozenAfter != null && (frozenAfter.isNegative() || frozenAfter.isZero())) {
      throw new IllegalArgumentException("frozenAfter: must be > 0 when set");
    }
    if (backwardTolerance == null || backwardTolerance.signum() < 0) {
      throw new IllegalArgumentException("backwardTolerance: must be >= 0");
    }
    MicroUnits.fromDecimal(backwardTolerance, "backwardTolerance");
  }

  /**
   * A channel without rollover, 10 % wrap plausibility, gap flag after 3 intervals, no frozen
   * detection and no backward tolerance; adjust with the {@code with…} methods.
   */
  public static CounterChannelConfig of(
      String meter, String channel, String unit, Duration interval) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        null,
        null,
        0.1,
        null,
        interval.multipliedBy(3),
        null,
        BigDecimal.ZERO);
  }

  public CounterChannelConfig withRegister(BigDecimal maximum, BigDecimal resolution) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        maximum,
        resolution,
        rolloverPlausibleFraction,
        maxPlausibleRatePerHour,
        maxInterpolationGap,
        frozenAfter,
        backwardTolerance);
  }

  public CounterChannelConfig withRolloverPlausibility(double fraction, Double maxRatePerHour) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        registerMaximum,
        registerResolution,
        fraction,
        maxRatePerHour,
        maxInterpolationGap,
        frozenAfter,
        backwardTolerance);
  }

  public CounterChannelConfig withMaxInterpolationGap(Duration gap) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        registerMaximum,
        registerResolution,
        rolloverPlausibleFraction,
        maxPlausibleRatePerHour,
        gap,
        frozenAfter,
        backwardTolerance);
  }

  public CounterChannelConfig withFrozenAfter(Duration after) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        registerMaximum,
        registerResolution,
        rolloverPlausibleFraction,
        maxPlausibleRatePerHour,
        maxInterpolationGap,
        after,
        backwardTolerance);
  }

  public CounterChannelConfig withBackwardTolerance(BigDecimal tolerance) {
    return new CounterChannelConfig(
        meter,
        channel,
        unit,
        interval,
        registerMaximum,
        registerResolution,
        rolloverPlausibleFraction,
        maxPlausibleRatePerHour,
        maxInterpolationGap,
        frozenAfter,
        tolerance);
  }

  /** Backward tolerance in micro-units. */
  public long backwardToleranceMicro() {
    return MicroUnits.fromDecimal(backwardTolerance, "backwardTolerance");
  }

  /** Register modulus (maximum + resolution) in micro-units, or 0 when the register never wraps. */
  public long modulusMicro() {
    return registerMaximum == null
        ? 0
        : MicroUnits.fromDecimal(registerMaximum.add(registerResolution), "registerMaximum");
  }

  /** Register maximum in micro-units, or {@link Long#MAX_VALUE} when the register never wraps. */
  public long registerMaximumMicro() {
    return registerMaximum == null
        ? Long.MAX_VALUE
        : MicroUnits.fromDecimal(registerMaximum, "registerMaximum");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
  }
}
