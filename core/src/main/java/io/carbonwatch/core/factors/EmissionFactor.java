package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.Provenance;
import io.carbonwatch.core.units.Unit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One version of an emission factor: the mass of each gas emitted per unit of activity, in force
 * from {@code effectiveFrom} (inclusive, {@code null} = since always) to {@code effectiveTo}
 * (exclusive, {@code null} = until replaced), both dates in {@code zone}.
 *
 * @param id unique id of this version, e.g. {@code cn-grid:east:2022} or {@code
 *     gbt32151:natural_gas}
 * @param series id of the series the version belongs to ({@code cn-grid:east}); equals {@code id}
 *     for factors with a single version
 * @param tonnesPerUnit tonnes of each gas per {@code activityUnit}
 * @param ncvGjPerUnit net calorific value in GJ per {@code activityUnit} (combustion), else {@code
 *     NaN}
 * @param parameters the published inputs as written in the data file (ncv, carbon content, …), for
 *     lineage and audit
 */
public record EmissionFactor(
    String id,
    String series,
    String name,
    FactorType type,
    Unit activityUnit,
    Map<Gas, Double> tonnesPerUnit,
    double ncvGjPerUnit,
    LocalDate effectiveFrom,
    LocalDate effectiveTo,
    ZoneId zone,
    Provenance provenance,
    Map<String, String> parameters) {

  public EmissionFactor {
    requireText(id, "id");
    requireText(series, "series");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(activityUnit, "activityUnit");
    Objects.requireNonNull(tonnesPerUnit, "tonnesPerUnit");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(parameters, "parameters");
    if (tonnesPerUnit.isEmpty()) {
      throw new IllegalArgumentException("tonnesPerUnit: expected at least one gas");
    }
    tonnesPerUnit.forEach(
        (gas, t) -> {
          if (t == null || !Double.isFinite(t) || t < 0) {
            throw new IllegalArgumentException(
                "tonnesPerUnit." + gas.code() + ": expected a finite value >= 0; got " + t);
          }
        });
    if (!Double.isNaN(ncvGjPerUnit) && (!Double.isFinite(ncvGjPerUnit) || ncvGjPerUnit <= 0)) {
      throw new IllegalArgumentException("ncvGjPerUnit: expected > 0 or NaN; got " + ncvGjPerUnit);
    }
    if (effectiveFrom != null && effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
      throw new IllegalArgumentException(
          "effectiveTo: " + effectiveTo + " must be after effectiveFrom " + effectiveFrom);
    }
    tonnesPerUnit = Collections.unmodifiableMap(new EnumMap<>(tonnesPerUnit));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": expected non-blank text");
    }
  }

  /** Start of validity as an instant ({@link Instant#MIN} when unbounded). */
  public Instant effectiveFromInstant() {
    return effectiveFrom == null ? Instant.MIN : effectiveFrom.atStartOfDay(zone).toInstant();
  }

  /** End of validity, exclusive ({@link Instant#MAX} when open). */
  public Instant effectiveToInstant() {
    return effectiveTo == null ? Instant.MAX : effectiveTo.atStartOfDay(zone).toInstant();
  }

  public boolean inForceAt(Instant at) {
    return !at.isBefore(effectiveFromInstant()) && at.isBefore(effectiveToInstant());
  }

  public boolean hasNcv() {
    return !Double.isNaN(ncvGjPerUnit);
  }

  /**
   * Tonnes of each gas per unit of {@code unit}: the factor's own unit or any unit of the same
   * dimension, or an energy unit (GJ, MJ) when the factor has a calorific value.
   */
  public Map<Gas, Double> tonnesPer(Unit unit) {
    double scale = scaleTo(unit);
    EnumMap<Gas, Double> out = new EnumMap<>(Gas.class);
    tonnesPerUnit.forEach((g, t) -> out.put(g, t * scale));
    return out;
  }

  /** Multiplier from "per activityUnit" to "per {@code unit}". */
  double scaleTo(Unit unit) {
    if (unit.dimension() == activityUnit.dimension()) {
      return unit.factorTo(activityUnit);
    }
    if (unit.dimension() == Unit.Dimension.ENERGY && hasNcv()) {
      return unit.factorTo(Unit.GJ) / ncvGjPerUnit;
    }
    throw new IllegalArgumentException(
        "unit: factor "
            + id
            + " is per "
            + activityUnit.symbol()
            + (hasNcv() ? " (or GJ through its calorific value)" : "")
            + "; activity in "
            + unit.symbol()
            + " cannot be converted without more data");
  }

  /** {@code [from, to)} in the factor's zone, for messages and lineage. */
  public String validity() {
    return "["
        + (effectiveFrom == null ? "-inf" : effectiveFrom.toString())
        + ", "
        + (effectiveTo == null ? "open" : effectiveTo.toString())
        + ") "
        + zone;
  }
}
