package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.Objects;

/**
 * One instantaneous power (or flow) sample, for meters without a counter.
 *
 * @param time instant of the poll
 * @param ratePerHour the rate in energy units per hour (kW for kWh, Nm³/h for Nm³); finite
 * @param quality quality reported by the acquisition side
 */
public record PowerSample(Instant time, double ratePerHour, ReadingQuality quality) {
  public PowerSample {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(quality, "quality");
    if (!Double.isFinite(ratePerHour)) {
      throw new IllegalArgumentException("ratePerHour: must be finite but was " + ratePerHour);
    }
  }
}
