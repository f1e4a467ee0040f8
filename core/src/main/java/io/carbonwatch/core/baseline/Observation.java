package io.carbonwatch.core.baseline;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One base-period observation: the modelled quantity and its relevant variables for one period.
 *
 * @param periodStart inclusive start
 * @param periodEnd exclusive end
 * @param actual the modelled quantity (energy, emissions) in the model unit
 * @param variables relevant variable values by name
 */
public record Observation(
    Instant periodStart, Instant periodEnd, double actual, Map<String, Double> variables) {
  public Observation {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(periodEnd, "periodEnd");
    if (!periodEnd.isAfter(periodStart)) {
      throw new IllegalArgumentException(
          "periodEnd: must be after periodStart " + periodStart + " but was " + periodEnd);
    }
    if (!Double.isFinite(actual)) {
      throw new IllegalArgumentException("actual: must be finite for " + periodStart);
    }
    variables = Map.copyOf(variables);
  }
}
