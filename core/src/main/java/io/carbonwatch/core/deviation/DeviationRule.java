package io.carbonwatch.core.deviation;

import java.util.List;
import java.util.Objects;

/**
 * When a difference between actual and expected is a significant deviation (clause 9.1.1).
 *
 * <p>The deviation of a window is measured in the rule's {@link Mode} and signed by {@link
 * Direction}: for {@code ABOVE} it is actual − expected, for {@code BELOW} expected − actual, for
 * {@code BOTH} its absolute value. A window is significant when that measure reaches the lowest
 * severity threshold; an alert is raised after {@code minConsecutiveWindows} significant windows in
 * a row and cleared after {@code clearConsecutiveWindows} windows in a row below {@code
 * clearThreshold} (hysteresis: the clear threshold is below the raise threshold).
 *
 * @param id rule id (e.g. {@code dev-air-energy})
 * @param site site id
 * @param target what is watched (an SEU id, a meter, the site)
 * @param targetKind kind of target ({@code seu}, {@code meter}, {@code site})
 * @param metric the watched quantity ({@code energy}, {@code emissions}, {@code intensity})
 * @param unit unit of expected and actual
 * @param targetName display name of the target
 * @param metricName display name of the metric
 * @param mode how the deviation is measured
 * @param direction which side of the baseline counts
 * @param severities thresholds in the mode's unit, strictly increasing in threshold and severity
 * @param clearThreshold the measure must fall below this to count towards clearing
 * @param minConsecutiveWindows N, significant windows in a row before raising (≥ 1)
 * @param clearConsecutiveWindows M, windows in a row under the clear threshold before clearing
 */
public record DeviationRule(
    String id,
    String site,
    String target,
    String targetKind,
    String metric,
    String unit,
    LocalizedText targetName,
    LocalizedText metricName,
    Mode mode,
    Direction direction,
    List<SeverityThreshold> severities,
    double clearThreshold,
    int minConsecutiveWindows,
    int clearConsecutiveWindows) {

  /** Unit of the deviation measure. */
  public enum Mode {
    /** 100 · (actual − expected) / |expected|; undefined when expected is 0. */
    PERCENT,
    /** actual − expected, in the rule's unit. */
    ABSOLUTE,
    /** (actual − expected) / residual standard error of the baseline: "k × RSE". */
    RESIDUAL_SE
  }

  public enum Direction {
    ABOVE,
    BELOW,
    BOTH
  }

  /**
   * @param severity severity reached at or above the threshold
   * @param threshold threshold in the rule's mode unit (percent, unit, or multiples of RSE)
   */
  public record SeverityThreshold(Severity severity, double threshold) {
    public SeverityThreshold {
      Objects.requireNonNull(severity, "severity");
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException(
            "severities[" + severity.code() + "].threshold: must be > 0 but was " + threshold);
      }
    }
  }

  public DeviationRule {
    requireText(id, "id");
    requireText(site, "site");
    requireText(target, "target");
    requireText(targetKind, "targetKind");
    requireText(metric, "metric");
    requireText(unit, "unit");
    Objects.requireNonNull(targetName, id + ".targetName");
    Objects.requireNonNull(metricName, id + ".metricName");
    Objects.requireNonNull(mode, id + ".mode");
    Objects.requireNonNull(direction, id + ".direction");
    severities = List.copyOf(severities);
    if (severities.isEmpty()) {
      throw new IllegalArgumentException(id + ".severities: at least one threshold is required");
    }
    for (int i = 1; i < severities.size(); i++) {
      SeverityThreshold a = severities.get(i - 1);
      SeverityThreshold b = severities.get(i);
      if (!(b.threshold() > a.threshold()) || b.severity().compareTo(a.severity()) <= 0) {
        throw new IllegalArgumentException(
            id
                + ".severities["
                + i
                + "]: thresholds and severities must both increase, but "
                + b.severity().code()
                + " "
                + b.threshold()
                + " follows "
                + a.severity().code()
                + " "
                + a.threshold());
      }
    }
    if (!(clearThreshold >= 0 && clearThreshold < severities.get(0).threshold())) {
      throw new IllegalArgumentException(
          id
              + ".clearThreshold: must be >= 0 and below the lowest raise threshold "
              + severities.get(0).threshold()
              + " but was "
              + clearThreshold);
    }
    if (minConsecutiveWindows < 1) {
      throw new IllegalArgumentException(id + ".minConsecutiveWindows: must be >= 1");
    }
    if (clearConsecutiveWindows < 1) {
      throw new IllegalArgumentException(id + ".clearConsecutiveWindows: must be >= 1");
    }
  }

  /** The raise threshold: the lowest severity threshold. */
  public double raiseThreshold() {
    return severities.get(0).threshold();
  }

  /** The highest severity whose threshold {@code measure} reaches, or null. */
  public Severity severityFor(double measure) {
    Severity s = null;
    for (SeverityThreshold t : severities) {
      if (measure >= t.threshold()) {
        s = t.severity();
      }
    }
    return s;
  }

  private static void requireText(String v, String field) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
  }
}
