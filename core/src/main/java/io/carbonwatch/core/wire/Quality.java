package io.carbonwatch.core.wire;

/**
 * Quality of a read value. {@link #TIMEOUT} and {@link #DEVICE_EXCEPTION} carry no value; every
 * other quality keeps the value read and says why it is suspect.
 */
public enum Quality {
  GOOD("good"),
  TIMEOUT("timeout"),
  DEVICE_EXCEPTION("device_exception"),
  OUT_OF_RANGE("out_of_range"),
  FROZEN("frozen"),
  ESTIMATED("estimated"),
  CALIBRATION_OVERDUE("calibration_overdue"),
  CALIBRATION_FAILED("calibration_failed");

  private static final Quality[] VALUES = values();
  private final String wire;

  Quality(String wire) {
    this.wire = wire;
  }

  /** Spelling on the wire. */
  public String wire() {
    return wire;
  }

  /** True when a value accompanies this quality. */
  public boolean hasValue() {
    return this != TIMEOUT && this != DEVICE_EXCEPTION;
  }

  /** Parses the wire spelling; null when unknown. */
  public static Quality fromWire(String text) {
    for (Quality q : VALUES) {
      if (q.wire.equals(text)) {
        return q;
      }
    }
    return null;
  }
}
