package io.carbonwatch.core.wire;

import java.time.Instant;
import java.util.List;

/**
 * One device poll, on {@code cw/v1/{site}/readings/{agent}/{meter}}. {@code (meter, seq)}
 * identifies it: a redelivered duplicate has the same pair.
 *
 * @param seq per-meter sequence number, starting at 1, strictly increasing across agent restarts
 * @param time instant of the poll (not of publication)
 */
public record Reading(
    String site, String agent, String meter, long seq, Instant time, List<ReadingValue> values) {
  public Reading {
    Wire.segment("site", site);
    Wire.segment("agent", agent);
    Wire.segment("meter", meter);
    if (seq < 1) {
      throw new IllegalArgumentException("seq: expected >= 1, got " + seq);
    }
    if (time == null) {
      throw new IllegalArgumentException("time: required");
    }
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: expected at least one value");
    }
  }
}
