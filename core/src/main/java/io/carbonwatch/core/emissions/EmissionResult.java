package io.carbonwatch.core.emissions;

import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.units.Unit;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Emissions of one source over {@code [start, end)}. Emissions are positive tCO2e; {@code
 * gasTonnes} gives the mass of each gas before GWP weighting.
 */
public record EmissionResult(
    String sourceId,
    EmissionCategory category,
    Instant start,
    Instant end,
    double activity,
    Unit activityUnit,
    double tco2e,
    Map<Gas, Double> gasTonnes,
    Lineage lineage) {

  public EmissionResult {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(activityUnit, "activityUnit");
    Objects.requireNonNull(lineage, "lineage");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end: " + end + " is before start " + start);
    }
    if (!Double.isFinite(activity) || activity < 0) {
      throw new IllegalArgumentException(
          "activity: expected a finite value >= 0 " + activityUnit + "; got " + activity);
    }
    if (!Double.isFinite(tco2e) || tco2e < 0) {
      throw new IllegalArgumentException("tco2e: expected a finite value >= 0; got " + tco2e);
    }
    gasTonnes = Map.copyOf(gasTonnes);
  }

  public Scope scope() {
    return category.scope();
  }
}
