package io.carbonwatch.core.site;

import java.util.Map;

/**
 * A significant-deviation rule (9.1.1): per window, actual vs the baseline's expected value.
 *
 * <p>The deviation is {@code actual - expected} (positive = more than expected). With method {@code
 * percent} it is judged as {@code 100 × deviation / expected}; {@code absolute} in the target's
 * unit per window; {@code k_sigma} in multiples of the baseline's residual standard error. An alert
 * is raised at the highest severity whose threshold is exceeded for {@code minConsecutiveWindows}
 * windows in a row, and cleared once the deviation stays below {@code clearBelow} (hysteresis).
 *
 * @param severities threshold per severity, in the method's unit (e.g. minor 10, major 20 %)
 */
public record DeviationRule(
    String id,
    Names name,
    String baseline,
    WindowSize window,
    ThresholdMethod method,
    Direction direction,
    Map<Severity, Double> severities,
    int minConsecutiveWindows,
    double clearBelow) {
  public DeviationRule {
    Checks.id("rule.id", id);
    Checks.required("rule.baseline", baseline);
    Checks.required("rule.window", window);
    Checks.required("rule.method", method);
    Checks.required("rule.direction", direction);
    severities = severities == null ? Map.of() : Map.copyOf(severities);
    if (severities.isEmpty()) {
      throw new IllegalArgumentException("rule.severities: expected at least one severity");
    }
    double lowest = Double.MAX_VALUE;
    for (Severity s : Severity.values()) {
      Double t = severities.get(s);
      if (t != null) {
        if (!(t > 0)) {
          throw new IllegalArgumentException("rule.severities." + s.wire() + ": expected > 0");
        }
        lowest = Math.min(lowest, t);
      }
    }
    if (minConsecutiveWindows < 1) {
      throw new IllegalArgumentException("rule.minConsecutiveWindows: expected >= 1");
    }
    if (clearBelow < 0 || clearBelow >= lowest) {
      throw new IllegalArgumentException(
          "rule.clearBelow: expected 0 <= clearBelow < lowest severity threshold " + lowest);
    }
  }
}
