package io.carbonwatch.edge.sim;

/** Faults the simulator can inject into a meter, by name as in a fault script. */
public enum FaultType {
  /** The meter stops answering (the request is held until the fault clears). */
  TIMEOUT("timeout"),
  /** Every read is answered with Modbus exception 2 (illegal data address). */
  EXCEPTION("exception"),
  /** Answers arrive after {@code param} milliseconds. */
  SLOW("slow"),
  /** Values stop changing (a stuck meter front-end). */
  FROZEN("frozen"),
  /** The energy/volume counters restart at 0 (one-shot). */
  COUNTER_RESET("counter_reset"),
  /** The counters jump to just below the register maximum, so they roll over soon (one-shot). */
  ROLLOVER("rollover"),
  /** The meter is replaced: counters restart at {@code param} (one-shot). */
  REPLACEMENT("replacement"),
  /** Instantaneous values are multiplied by {@code param} (a wiring fault or surge). */
  SPIKE("spike");

  private final String wire;

  FaultType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether the fault acts once and is over (as opposed to lasting until cleared). */
  public boolean oneShot() {
    return this == COUNTER_RESET || this == ROLLOVER || this == REPLACEMENT;
  }

  public static FaultType parse(String text) {
    for (FaultType f : values()) {
      if (f.wire.equals(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "fault: expected one of timeout, exception, slow, frozen, counter_reset, rollover,"
            + " replacement, spike, got "
            + text);
  }
}
