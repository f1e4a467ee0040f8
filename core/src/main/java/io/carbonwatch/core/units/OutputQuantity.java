package io.carbonwatch.core.units;

import java.util.Objects;

/**
 * Production output in a unit the organisation defines (t of product, pieces, m² of glass, …); it
 * is the denominator of intensity parameters. Output is never converted, only compared in the same
 * unit.
 */
public record OutputQuantity(double amount, String unit) {

  public OutputQuantity {
    Objects.requireNonNull(unit, "unit");
    if (unit.isBlank()) {
      throw new IllegalArgumentException("unit: expected a non-blank user unit");
    }
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException(
          "amount: expected a finite value >= 0 " + unit + "; got " + amount);
    }
  }

  public OutputQuantity plus(OutputQuantity other) {
    if (!unit.equals(other.unit)) {
      throw new IllegalArgumentException(
          "unit: cannot add output in " + other.unit + " to output in " + unit);
    }
    return new OutputQuantity(amount + other.amount, unit);
  }
}
