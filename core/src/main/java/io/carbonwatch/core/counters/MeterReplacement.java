package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded meter exchange (from the calibration/maintenance log). Either reading may be unknown.
 *
 * @param time when the old meter was removed and the new one installed
 * @param oldSerial serial of the removed meter
 * @param oldFinalValue the old meter's final register value, {@code null} if not recorded
 * @param newSerial serial of the new meter
 * @param newInitialValue the new meter's register value at installation, {@code null} if not
 *     recorded (then its first reading starts its baseline)
 */
public record MeterReplacement(
    Instant time,
    String oldSerial,
    Double oldFinalValue,
    String newSerial,
    Double newInitialValue) {
  public MeterReplacement {
    Objects.requireNonNull(time, "time");
    if (oldSerial == null || oldSerial.isBlank()) {
      throw new IllegalArgumentException("oldSerial: must not be blank");
    }
    if (newSerial == null || newSerial.isBlank()) {
      throw new IllegalArgumentException("newSerial: must not be blank");
    }
    if (oldSerial.equals(newSerial)) {
      throw new IllegalArgumentException("newSerial: must differ from oldSerial " + oldSerial);
    }
  }
}
