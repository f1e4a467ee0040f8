package io.carbonwatch.core.counters;

import java.util.List;

/**
 * Per-channel state of the {@link CounterIntervalizer}: the last accepted reading and the open (not
 * yet complete) interval. Small, immutable and made of primitives, strings and a usually empty
 * list, so it serialises cheaply in Flink keyed state.
 *
 * @param meterSerial serial of the last accepted reading, {@code null} before the first reading
 * @param lastTimeMs epoch milliseconds of the last accepted reading
 * @param lastValueMicro register value of the last accepted reading, in micro-units
 * @param lastChangeTimeMs epoch milliseconds at which the register value last changed
 * @param openStartMs start (epoch ms) of the interval that is still open
 * @param openAmountMicro consumption counted so far in the open interval
 * @param openFlagMask {@link IntervalFlag} bits gathered so far in the open interval
 * @param openCorrections corrections detected so far in the open interval (normally empty)
 * @param firstTimeMs epoch milliseconds of the earliest accepted reading of the current meter: the
 *     baseline, moved earlier when an older reading is booked before it (see {@link
 *     CounterIntervalizer#apply})
 * @param firstValueMicro register value of that earliest reading, in micro-units
 */
public record CounterState(
    String meterSerial,
    long lastTimeMs,
    long lastValueMicro,
    long lastChangeTimeMs,
    long openStartMs,
    long openAmountMicro,
    int openFlagMask,
    List<Correction> openCorrections,
    long firstTimeMs,
    long firstValueMicro) {

  private static final CounterState INITIAL =
      new CounterState(null, 0, 0, 0, 0, 0, 0, List.of(), 0, 0);

  public CounterState {
    openCorrections = List.copyOf(openCorrections);
    if (openAmountMicro < 0) {
      throw new IllegalArgumentException("openAmountMicro: must be >= 0");
    }
    if (meterSerial != null && firstTimeMs > lastTimeMs) {
      throw new IllegalArgumentException(
          "firstTimeMs: must not be after lastTimeMs " + lastTimeMs + ", got " + firstTimeMs);
    }
  }

  /** State before any reading. */
  public static CounterState initial() {
    return INITIAL;
  }

  public boolean started() {
    return meterSerial != null;
  }

  /** This state with its earliest reading moved to {@code timeMs}, {@code valueMicro}. */
  CounterState withFirst(long timeMs, long valueMicro) {
    return new CounterState(
        meterSerial,
        lastTimeMs,
        lastValueMicro,
        lastChangeTimeMs,
        openStartMs,
        openAmountMicro,
        openFlagMask,
        openCorrections,
        timeMs,
        valueMicro);
  }
}
