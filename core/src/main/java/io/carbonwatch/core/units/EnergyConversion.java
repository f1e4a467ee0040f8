package io.carbonwatch.core.units;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Converts quantities to GJ and to tonnes of standard coal equivalent (tce) with GB/T 2589
 * coefficients loaded from a data file.
 *
 * <p>Rules: a quantity in GJ/MJ is energy already, and converts to kgce with the coefficient of
 * {@link Carrier#HEAT}. Otherwise the carrier's coefficient must exist for the quantity's
 * dimension: kgce from its kgce per unit, GJ from its calorific value or, when the standard gives
 * none, from kgce × the kgce definition (so the two conversions agree). A carrier without a
 * coefficient fails with a message naming it rather than borrowing another carrier's value.
 */
public final class EnergyConversion {

  private static final double KGCE_PER_TCE = 1000.0;

  private final Map<Carrier, CoalEquivalent> coefficients;
  private final double gjPerKgce;
  private final Provenance kgceDefinition;

  /**
   * @param gjPerKgce the kgce definition (GB/T 2589), in GJ per kgce
   */
  public EnergyConversion(
      Map<Carrier, CoalEquivalent> coefficients, double gjPerKgce, Provenance kgceDefinition) {
    Objects.requireNonNull(coefficients, "coefficients");
    Objects.requireNonNull(kgceDefinition, "kgceDefinition");
    if (!Double.isFinite(gjPerKgce) || gjPerKgce <= 0) {
      throw new IllegalArgumentException("gjPerKgce: expected > 0; got " + gjPerKgce);
    }
    coefficients.forEach(
        (carrier, c) -> {
          if (c.carrier() != carrier) {
            throw new IllegalArgumentException(
                "coefficients: entry for " + carrier.id() + " holds " + c.carrier().id());
          }
        });
    this.coefficients =
        Collections.unmodifiableMap(
            coefficients.isEmpty() ? new EnumMap<>(Carrier.class) : new EnumMap<>(coefficients));
    this.gjPerKgce = gjPerKgce;
    this.kgceDefinition = kgceDefinition;
  }

  public Map<Carrier, CoalEquivalent> coefficients() {
    return coefficients;
  }

  public Optional<CoalEquivalent> coefficient(Carrier carrier) {
    return Optional.ofNullable(coefficients.get(carrier));
  }

  public double gjPerKgce() {
    return gjPerKgce;
  }

  public Provenance kgceDefinition() {
    return kgceDefinition;
  }

  /** Energy content in GJ. */
  public double gj(Quantity q) {
    if (q.unit().dimension() == Unit.Dimension.ENERGY) {
      return q.amountIn(Unit.GJ);
    }
    CoalEquivalent c = require(q);
    double perUnit = c.hasCalorificValue() ? c.gjPerUnit() : c.kgcePerUnit() * gjPerKgce;
    return q.amountIn(c.unit()) * perUnit;
  }

  /** Standard coal equivalent in tonnes (tce). */
  public double tce(Quantity q) {
    double kgce;
    if (q.unit().dimension() == Unit.Dimension.ENERGY) {
      CoalEquivalent heat = coefficients.get(Carrier.HEAT);
      if (heat == null) {
        throw new IllegalArgumentException(
            "carrier: no GB/T 2589 coefficient for heat in the data file; needed to convert "
                + q.unit().symbol()
                + " of "
                + q.carrier().id()
                + " to tce");
      }
      kgce = q.amountIn(heat.unit()) * heat.kgcePerUnit();
    } else {
      CoalEquivalent c = require(q);
      kgce = q.amountIn(c.unit()) * c.kgcePerUnit();
    }
    return kgce / KGCE_PER_TCE;
  }

  private CoalEquivalent require(Quantity q) {
    CoalEquivalent c = coefficients.get(q.carrier());
    if (c == null) {
      throw new IllegalArgumentException(
          "carrier: no GB/T 2589 coefficient for "
              + q.carrier().id()
              + " in the data file; known: "
              + coefficients.keySet().stream().map(Carrier::id).toList());
    }
    if (c.unit().dimension() != q.unit().dimension()) {
      throw new IllegalArgumentException(
          "unit: the GB/T 2589 coefficient of "
              + q.carrier().id()
              + " is per "
              + c.unit().symbol()
              + "; cannot apply it to "
              + q.unit().symbol());
    }
    return c;
  }
}
