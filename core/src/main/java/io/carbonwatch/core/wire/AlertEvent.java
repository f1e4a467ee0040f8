package io.carbonwatch.core.wire;

import java.time.Instant;

/**
 * An alert lifecycle event on {@code cw/v1/{site}/alerts}. Consumers store events idempotently by
 * {@code (alertId, eventSeq)}.
 *
 * @param alertId stable over the alert's life, e.g. {@code
 *     sh-plant/dev-air-energy/2026-11-24T02:00:00Z}
 * @param eventSeq increases by one per event of the alert, starting at 1
 * @param targetKind site, seu, meter, virtual_meter, source or parameter (TargetKind spellings)
 * @param metric energy or emissions
 * @param deviation {@code actual - expected} in {@code unit}
 * @param deviationPercent {@code 100 × deviation / expected}; null when expected is 0
 */
public record AlertEvent(
    AlertEventType event,
    String alertId,
    long eventSeq,
    String site,
    String rule,
    String target,
    String targetKind,
    String metric,
    String unit,
    AlertSeverity severity,
    Instant windowStart,
    Instant windowEnd,
    double expected,
    double actual,
    double deviation,
    Double deviationPercent,
    int consecutiveWindows,
    Instant time,
    Bilingual message) {
  public AlertEvent {
    Wire.required("event", event);
    Wire.required("alertId", alertId);
    if (eventSeq < 1) {
      throw new IllegalArgumentException("eventSeq: expected >= 1, got " + eventSeq);
    }
    Wire.segment("site", site);
    Wire.required("rule", rule);
    Wire.required("target", target);
    Wire.required("targetKind", targetKind);
    Wire.required("metric", metric);
    Wire.required("unit", unit);
    Wire.required("severity", severity);
    Wire.required("windowStart", windowStart);
    Wire.required("windowEnd", windowEnd);
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException("windowEnd: expected after windowStart");
    }
    if (!Double.isFinite(expected) || !Double.isFinite(actual) || !Double.isFinite(deviation)) {
      throw new IllegalArgumentException("expected/actual/deviation: expected finite numbers");
    }
    if (consecutiveWindows < 0) {
      throw new IllegalArgumentException("consecutiveWindows: expected >= 0");
    }
    Wire.required("time", time);
    Wire.required("message", message);
  }
}
