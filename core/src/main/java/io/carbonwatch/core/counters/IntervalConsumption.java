package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Consumption of one channel in the half-open interval [start, end). Amounts are positive.
 *
 * @param meter meter id
 * @param channel channel id
 * @param unit unit of {@link #amount()}
 * @param start inclusive start
 * @param end exclusive end
 * @param amountMicro amount in micro-units of {@code unit} (exact; see {@link MicroUnits})
 * @param flagMask bit mask of {@link IntervalFlag}s
 * @param corrections corrections detected at readings inside this interval
 */
public record IntervalConsumption(
    String meter,
    String channel,
    String unit,
    Instant start,
    Instant end,
    long amountMicro,
    int flagMask,
    List<Correction> corrections) {
  public IntervalConsumption {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end: must be after start " + start + " but was " + end);
    }
    if (amountMicro < 0) {
      throw new IllegalArgumentException("amountMicro: must be >= 0 but was " + amountMicro);
    }
    corrections = List.copyOf(corrections);
  }

  /** Amount in the channel unit (a double only here, at the edge). */
  public double amount() {
    return MicroUnits.toDouble(amountMicro);
  }

  public Set<IntervalFlag> flags() {
    return IntervalFlag.fromMask(flagMask);
  }

  public boolean has(IntervalFlag flag) {
    return (flagMask & flag.bit()) != 0;
  }

  public IntervalQuality quality() {
    return IntervalFlag.qualityOf(flagMask);
  }
}
