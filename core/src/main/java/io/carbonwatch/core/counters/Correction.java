package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.Objects;

/**
 * A correction applied where the register difference is not the consumption. Sign convention:
 * {@code amountMicro} is what was added to the raw difference (new − old) to get the counted
 * consumption, so over any run of readings {@code Σ intervals = last − first + Σ amountMicro}.
 *
 * <ul>
 *   <li>{@link Kind#ROLLOVER}: the register modulus (maximum + resolution);
 *   <li>{@link Kind#RESET}: the old value (counting restarts from zero, consumption = new value);
 *   <li>{@link Kind#REPLACEMENT}: old meter's last value − new meter's first value (the gap between
 *       them is unmeasured; the old meter's tail up to its final reading is counted normally).
 * </ul>
 *
 * @param kind what happened
 * @param time time of the reading at which it was detected
 * @param amountMicro correction in micro-units of the channel unit
 * @param fromSerial serial of the meter before the reading
 * @param toSerial serial of the meter at the reading (differs only for a replacement)
 * @param note human-readable explanation (English, for logs and audit)
 */
public record Correction(
    Kind kind, Instant time, long amountMicro, String fromSerial, String toSerial, String note) {
  public enum Kind {
    ROLLOVER,
    RESET,
    REPLACEMENT
  }

  public Correction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(fromSerial, "fromSerial");
    Objects.requireNonNull(toSerial, "toSerial");
    Objects.requireNonNull(note, "note");
  }

  public double amount() {
    return MicroUnits.toDouble(amountMicro);
  }
}
