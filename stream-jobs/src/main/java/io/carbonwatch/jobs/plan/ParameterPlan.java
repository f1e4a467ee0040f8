package io.carbonwatch.jobs.plan;

import io.carbonwatch.jobs.model.Level;
import java.util.Objects;

/**
 * A carbon performance parameter (6.1.4) the job computes on every window of its size: which window
 * series is the numerator and, for an intensity, which relevant variable is the denominator, each
 * with the factor that brings the series' unit to the parameter's.
 *
 * <p>{@code value = numerator × numeratorScale} for a total, {@code (numerator × numeratorScale) /
 * (denominator × denominatorScale)} for an intensity; e.g. {@code kgCO2e/pcs} from a site's
 * emissions (kgCO2e, scale 1) per produced pieces (pcs, scale 1), {@code tCO2e} from kgCO2e (scale
 * 0.001).
 *
 * @param kind {@code total} or {@code intensity}
 * @param window {@code 1m}, {@code 15m}, {@code 1h} or {@code 1d}
 * @param level roll-up level of the numerator series
 * @param metric the numerator series' metric ({@code emissions} or an energy quantity)
 * @param per the denominator's relevant variable id, {@code null} for a total
 * @param perMetric the variable series' metric (its kind), {@code null} for a total
 * @param unit the parameter's display unit as in the site model
 */
public record ParameterPlan(
    String id,
    String kind,
    String window,
    Level level,
    String targetId,
    String metric,
    double numeratorScale,
    String per,
    String perMetric,
    double denominatorScale,
    String unit) {
  public ParameterPlan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(level, "level");
    if (!"total".equals(kind) && !"intensity".equals(kind)) {
      throw new IllegalArgumentException("parameters." + id + ".kind: total or intensity");
    }
    if ("intensity".equals(kind) == (per == null)) {
      throw new IllegalArgumentException(
          "parameters." + id + ".per: required for an intensity and only for one");
    }
  }

  public boolean isIntensity() {
    return per != null;
  }
}
