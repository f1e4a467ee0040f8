package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.Provenance;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A refrigerant blend (R-410A, …) as mass fractions of its component gases, summing to 1. */
public record RefrigerantBlend(String name, Map<Gas, Double> massFractions, Provenance provenance) {

  private static final double SUM_TOLERANCE = 1e-9;

  public RefrigerantBlend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provenance, "provenance");
    if (massFractions == null || massFractions.isEmpty()) {
      throw new IllegalArgumentException("massFractions: expected at least one gas");
    }
    double sum = 0;
    for (Map.Entry<Gas, Double> e : massFractions.entrySet()) {
      double f = e.getValue();
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException(
            "massFractions." + e.getKey().code() + ": expected a value in (0, 1]; got " + f);
      }
      sum += f;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException("massFractions: expected a sum of 1; got " + sum);
    }
    massFractions = Collections.unmodifiableMap(new EnumMap<>(massFractions));
  }
}
