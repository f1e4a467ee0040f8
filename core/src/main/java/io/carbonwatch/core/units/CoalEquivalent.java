package io.carbonwatch.core.units;

import java.util.Objects;

/**
 * GB/T 2589 conversion coefficients of one carrier, per unit of {@link #unit()}: kgce and, when the
 * standard gives it, the calorific value in GJ ({@code NaN} when absent).
 */
public record CoalEquivalent(
    Carrier carrier, Unit unit, double kgcePerUnit, double gjPerUnit, Provenance provenance) {

  public CoalEquivalent {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(provenance, "provenance");
    if (!carrier.accepts(unit)) {
      throw new IllegalArgumentException(
          "unit: " + carrier.id() + " cannot be measured in " + unit.symbol());
    }
    if (!Double.isFinite(kgcePerUnit) || kgcePerUnit <= 0) {
      throw new IllegalArgumentException("kgcePerUnit: expected > 0; got " + kgcePerUnit);
    }
    if (!Double.isNaN(gjPerUnit) && (!Double.isFinite(gjPerUnit) || gjPerUnit <= 0)) {
      throw new IllegalArgumentException("gjPerUnit: expected > 0 or NaN; got " + gjPerUnit);
    }
  }

  public boolean hasCalorificValue() {
    return !Double.isNaN(gjPerUnit);
  }
}
