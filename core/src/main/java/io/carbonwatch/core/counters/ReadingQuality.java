package io.carbonwatch.core.counters;

import java.util.Locale;

/**
 * Quality of one register reading, using the wire-format codes ({@code good}, {@code timeout}, …).
 * Counters only ever see readings that carry a value, so {@link #TIMEOUT} and {@link
 * #DEVICE_EXCEPTION} are rejected by the intervalizer.
 */
public enum ReadingQuality {
  GOOD,
  TIMEOUT,
  DEVICE_EXCEPTION,
  OUT_OF_RANGE,
  FROZEN,
  ESTIMATED,
  CALIBRATION_OVERDUE,
  CALIBRATION_FAILED;

  /** The wire code, e.g. {@code calibration_overdue}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire code; the error names the accepted codes. */
  public static ReadingQuality fromCode(String code) {
    for (ReadingQuality q : values()) {
      if (q.code().equals(code)) {
        return q;
      }
    }
    throw new IllegalArgumentException(
        "quality: expected one of good, timeout, device_exception, out_of_range, frozen, estimated,"
            + " calibration_overdue, calibration_failed but was '"
            + code
            + "'");
  }

  /** Whether a reading of this quality carries a usable value. */
  public boolean hasValue() {
    return this != TIMEOUT && this != DEVICE_EXCEPTION;
  }
}
