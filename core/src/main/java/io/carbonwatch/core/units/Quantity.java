package io.carbonwatch.core.units;

import java.util.Objects;

/**
 * An amount of an energy carrier consumed in some period. Consumption is positive (sign convention
 * of the whole domain); the amount is in {@link #unit()}, which must suit the carrier.
 */
public record Quantity(Carrier carrier, double amount, Unit unit) {

  public Quantity {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(unit, "unit");
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException(
          "amount: expected a finite value >= 0 " + unit.symbol() + "; got " + amount);
    }
    if (!carrier.accepts(unit)) {
      throw new IllegalArgumentException(
          "unit: "
              + carrier.id()
              + " cannot be measured in "
              + unit.symbol()
              + " (expected a unit of "
              + carrier.kind().dimensions()
              + ")");
    }
  }

  public static Quantity electricityKwh(double energyKwh) {
    return new Quantity(Carrier.ELECTRICITY, energyKwh, Unit.KWH);
  }

  public static Quantity naturalGasNm3(double volumeNm3) {
    return new Quantity(Carrier.NATURAL_GAS, volumeNm3, Unit.NM3);
  }

  public static Quantity massT(Carrier carrier, double massT) {
    return new Quantity(carrier, massT, Unit.T);
  }

  public static Quantity heatGj(double energyGj) {
    return new Quantity(Carrier.HEAT, energyGj, Unit.GJ);
  }

  public static Quantity waterM3(double volumeM3) {
    return new Quantity(Carrier.WATER, volumeM3, Unit.M3);
  }

  /**
   * A liquid fuel metered by volume, converted to mass with the fuel's density (from the delivery
   * note or the site model: it varies by batch and temperature, so it is never a built-in default).
   */
  public static Quantity ofLiquidVolume(Carrier carrier, double volumeL, double densityKgPerL) {
    if (carrier.kind() != Carrier.Kind.LIQUID_FUEL) {
      throw new IllegalArgumentException(
          "carrier: " + carrier.id() + " is not a liquid fuel; litres need a liquid fuel");
    }
    if (!Double.isFinite(volumeL) || volumeL < 0) {
      throw new IllegalArgumentException("volumeL: expected a finite value >= 0; got " + volumeL);
    }
    if (!Double.isFinite(densityKgPerL) || densityKgPerL <= 0) {
      throw new IllegalArgumentException(
          "densityKgPerL: expected a finite value > 0; got " + densityKgPerL);
    }
    return new Quantity(carrier, volumeL * densityKgPerL * Unit.KG.factorTo(Unit.T), Unit.T);
  }

  /** The same quantity in another unit of the same dimension (kWh to MWh, kg to t, …). */
  public Quantity to(Unit target) {
    return new Quantity(carrier, amount * unit.factorTo(target), target);
  }

  /** The amount expressed in {@code target}, which must have the same dimension. */
  public double amountIn(Unit target) {
    return amount * unit.factorTo(target);
  }
}
