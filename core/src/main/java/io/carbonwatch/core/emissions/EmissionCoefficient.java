package io.carbonwatch.core.emissions;

import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.core.units.Unit;
import java.io.Serializable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A factor resolved for one activity unit and GWP set: tCO2e per unit of activity, precomputed, so
 * the per-interval work is one multiplication with no allocation ({@link #tco2e(double)}).
 * Immutable and shared between threads. Created by {@link EmissionCalculator}.
 */
public final class EmissionCoefficient implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final Gas[] GASES = Gas.values();
  private static final GasGroup[] GROUPS = GasGroup.values();

  private final EmissionCategory category;
  private final Unit activityUnit;
  private final double tco2ePerUnit;
  private final double[] gasTonnesPerUnit;
  private final double[] tco2ePerUnitByGroup;
  private final Lineage lineage;

  EmissionCoefficient(
      EmissionCategory category,
      Unit activityUnit,
      Map<Gas, Double> gasTonnesPerUnit,
      double tco2ePerUnit,
      double[] tco2ePerUnitByGroup,
      Lineage lineage) {
    this.category = Objects.requireNonNull(category, "category");
    this.activityUnit = Objects.requireNonNull(activityUnit, "activityUnit");
    this.lineage = Objects.requireNonNull(lineage, "lineage");
    if (!Double.isFinite(tco2ePerUnit) || tco2ePerUnit < 0) {
      throw new IllegalArgumentException("tco2ePerUnit: expected >= 0; got " + tco2ePerUnit);
    }
    this.tco2ePerUnit = tco2ePerUnit;
    this.gasTonnesPerUnit = new double[GASES.length];
    gasTonnesPerUnit.forEach((g, t) -> this.gasTonnesPerUnit[g.ordinal()] = t);
    if (tco2ePerUnitByGroup.length != GROUPS.length) {
      throw new IllegalArgumentException(
          "tco2ePerUnitByGroup: expected " + GROUPS.length + " gas groups");
    }
    this.tco2ePerUnitByGroup = tco2ePerUnitByGroup.clone();
  }

  /** tCO2e of {@code activity} (in {@link #activityUnit()}); the hot path. */
  public double tco2e(double activity) {
    return activity * tco2ePerUnit;
  }

  /** A full result with per-gas masses and lineage (allocates; for records and reports). */
  public EmissionResult result(String sourceId, Instant start, Instant end, double activity) {
    return new EmissionResult(
        sourceId,
        category,
        start,
        end,
        activity,
        activityUnit,
        tco2e(activity),
        gasTonnes(activity),
        lineage);
  }

  public Map<Gas, Double> gasTonnes(double activity) {
    EnumMap<Gas, Double> out = new EnumMap<>(Gas.class);
    for (int i = 0; i < GASES.length; i++) {
      if (gasTonnesPerUnit[i] != 0) {
        out.put(GASES[i], gasTonnesPerUnit[i] * activity);
      }
    }
    return out;
  }

  public double tco2ePerUnit() {
    return tco2ePerUnit;
  }

  /**
   * The part of {@link #tco2ePerUnit()} that comes from one of the standard's seven gas groups
   * (6.1.2), for reporting emissions by gas; the groups sum to the total.
   */
  public double tco2ePerUnit(GasGroup group) {
    return tco2ePerUnitByGroup[group.ordinal()];
  }

  /** tCO2e of {@code activity} contributed by {@code group}; no allocation. */
  public double tco2e(GasGroup group, double activity) {
    return activity * tco2ePerUnitByGroup[group.ordinal()];
  }

  public Unit activityUnit() {
    return activityUnit;
  }

  public EmissionCategory category() {
    return category;
  }

  public Lineage lineage() {
    return lineage;
  }

  @Override
  public String toString() {
    return tco2ePerUnit + " tCO2e/" + activityUnit.symbol() + " (" + lineage.factorId() + ")";
  }
}
