package io.carbonwatch.core.deviation;

import java.time.Instant;
import java.util.Objects;

/**
 * Expected vs actual for one window of one target.
 *
 * @param windowStart inclusive start
 * @param windowEnd exclusive end
 * @param expected baseline prediction for the window, in the rule's unit
 * @param actual measured value for the window, in the rule's unit
 * @param residualStandardError the baseline's residual standard error for a window of this length,
 *     needed by {@link DeviationRule.Mode#RESIDUAL_SE} rules; null otherwise
 */
public record WindowResult(
    Instant windowStart,
    Instant windowEnd,
    double expected,
    double actual,
    Double residualStandardError) {
  public WindowResult {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException("windowEnd: must be after windowStart " + windowStart);
    }
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      throw new IllegalArgumentException(
          "expected, actual: must be finite for window " + windowStart);
    }
    if (residualStandardError != null
        && !(residualStandardError >= 0 && Double.isFinite(residualStandardError))) {
      throw new IllegalArgumentException("residualStandardError: must be finite and >= 0");
    }
  }

  public double deviation() {
    return actual - expected;
  }

  /** 100 · (actual − expected) / |expected|, or null when expected is 0. */
  public Double deviationPercent() {
    return expected == 0 ? null : 100 * (actual - expected) / Math.abs(expected);
  }
}
