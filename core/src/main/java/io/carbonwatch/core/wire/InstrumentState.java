package io.carbonwatch.core.wire;

import java.time.LocalDate;

/**
 * Calibration state of one instrument on {@code control/instrument-status}.
 *
 * @param status qualified | conditional | disabled (合格/准用/停用)
 * @param calibration ok | overdue | failed
 * @param nextDue next calibration date, null if unknown
 */
public record InstrumentState(String id, String status, String calibration, LocalDate nextDue) {
  public InstrumentState {
    Wire.required("id", id);
    if (!("qualified".equals(status)
        || "conditional".equals(status)
        || "disabled".equals(status))) {
      throw new IllegalArgumentException(
          "status: expected one of qualified, conditional, disabled, got " + status);
    }
    if (!("ok".equals(calibration)
        || "overdue".equals(calibration)
        || "failed".equals(calibration))) {
      throw new IllegalArgumentException(
          "calibration: expected one of ok, overdue, failed, got " + calibration);
    }
  }
}
