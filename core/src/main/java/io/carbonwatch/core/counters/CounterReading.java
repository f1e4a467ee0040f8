package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of a cumulative register (an energy or volume counter), in the channel's unit.
 *
 * @param time instant of the poll
 * @param value register value in the channel unit (e.g. kWh); finite and not negative
 * @param meterSerial serial number of the physical meter that produced the value
 * @param quality quality reported by the acquisition side
 */
public record CounterReading(
    Instant time, double value, String meterSerial, ReadingQuality quality) {
  public CounterReading {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(quality, "quality");
    if (meterSerial == null || meterSerial.isBlank()) {
      throw new IllegalArgumentException("meterSerial: must not be blank");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "value: a counter reading must be finite and >= 0 but was " + value);
    }
  }

  /** Reading with quality {@code good}. */
  public static CounterReading good(Instant time, double value, String meterSerial) {
    return new CounterReading(time, value, meterSerial, ReadingQuality.GOOD);
  }
}
