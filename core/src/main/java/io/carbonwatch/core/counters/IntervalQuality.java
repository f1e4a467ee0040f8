package io.carbonwatch.core.counters;

import java.util.Locale;

/** Overall quality of an interval, ordered from best to worst. */
public enum IntervalQuality {
  /** Measured; boundary splits and exact rollover corrections only. */
  GOOD,
  /** Contains pro-rating over a long gap or a reset whose lost amount is unknown. */
  ESTIMATED,
  /** Built from frozen or non-good readings. */
  SUSPECT,
  /** Part of the interval was not measured at all. */
  INCOMPLETE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
