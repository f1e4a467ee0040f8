package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.Carrier;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The factor sets a site uses, carried by the site model so that every emission figure says which
 * factors made it. Ids are those listed in {@code docs/factors.md}.
 *
 * @param gwpSet GWP-100 set for non-CO2 gases
 * @param combustionSet prefix of stationary-combustion factors: {@code gbt32151}, {@code ipcc2006}
 *     (1.A.2 manufacturing), {@code ipcc2006-1a1}, {@code ipcc2006-1a4a}, {@code ipcc2006-1a4b};
 *     the factor of a fuel is {@code <combustionSet>:<carrier id>}
 * @param gridFactor location-based grid factor: a series ({@code cn-grid:east}, resolved by the
 *     interval's time) or a pinned version ({@code cn-grid:east:2022})
 * @param heatFactor purchased heat factor ({@code cn-heat:default} or a user-supplied id); {@code
 *     null} when the organisation buys no heat
 * @param residualGridFactor grid factor for electricity not covered by contractual instruments in
 *     the market-based method; {@code null} means "same as gridFactor" (see docs/factors.md)
 */
public record FactorSelection(
    GwpSet gwpSet,
    String combustionSet,
    String gridFactor,
    String heatFactor,
    String residualGridFactor) {

  private static final Pattern SET = Pattern.compile("[a-z0-9][a-z0-9-]*");

  public FactorSelection {
    Objects.requireNonNull(gwpSet, "gwpSet");
    if (combustionSet == null || !SET.matcher(combustionSet).matches()) {
      throw new IllegalArgumentException(
          "combustionSet: expected a set prefix such as gbt32151 or ipcc2006; got "
              + combustionSet);
    }
    requireId(gridFactor, "gridFactor");
    if (heatFactor != null) {
      requireId(heatFactor, "heatFactor");
    }
    if (residualGridFactor != null) {
      requireId(residualGridFactor, "residualGridFactor");
    }
  }

  public FactorSelection(
      GwpSet gwpSet, String combustionSet, String gridFactor, String heatFactor) {
    this(gwpSet, combustionSet, gridFactor, heatFactor, null);
  }

  private static void requireId(String id, String field) {
    if (id == null || id.isBlank() || !id.contains(":")) {
      throw new IllegalArgumentException(
          field + ": expected a factor id such as cn-grid:east; got " + id);
    }
  }

  /**
   * Builds a selection from the site model's strings ({@code factors: {gwp, combustion, grid,
   * marketGrid, heat}}); {@code marketGrid} and {@code heat} may be null.
   */
  public static FactorSelection of(
      String gwp, String combustion, String grid, String marketGrid, String heat) {
    return new FactorSelection(GwpSet.fromId(gwp), combustion, grid, heat, marketGrid);
  }

  /** Id of the combustion factor of {@code fuel} in the selected set. */
  public String combustionFactorId(Carrier fuel) {
    return combustionSet + ":" + fuel.id();
  }

  /** Grid factor for uncovered electricity under the market-based method. */
  public String marketResidualFactor() {
    return residualGridFactor != null ? residualGridFactor : gridFactor;
  }
}
