package io.carbonwatch.core.counters;

import java.util.Objects;

/**
 * Why a reading was not used. The state is unchanged by a rejected reading.
 *
 * @param reason machine-readable reason
 * @param message explanation naming the meter, channel and times
 */
public record Rejection(Reason reason, String message) {
  public enum Reason {
    /** Same time, serial and value as the last accepted reading (a redelivery). */
    DUPLICATE,
    /** Not later than the last accepted reading. */
    OUT_OF_ORDER,
    /** The reading carries no value (timeout, device exception). */
    NO_VALUE,
    /** Above the register maximum configured for the channel. */
    ABOVE_REGISTER_MAXIMUM,
    /** A meter replacement names an old serial that is not the current meter. */
    SERIAL_MISMATCH,
    /** A power sample below zero (export is a separate channel). */
    NEGATIVE_VALUE
  }

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
