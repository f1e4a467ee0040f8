package io.carbonwatch.core.site;

/**
 * The explicit choice of factor sets for the organisation (6.1.2: every source's emission factor is
 * documented). Ids are strings resolved against the factor library ({@code
 * io.carbonwatch.core.factors}): e.g. {@code gwp = "AR5"}, {@code combustion = "gbt32151"}, {@code
 * grid = "cn-grid:east_china:2023"}, {@code heat = "cn-heat:default"}. A carbon source may override
 * the factor with its own {@code factor}.
 *
 * @param gwp GWP-100 set: AR4, AR5 or AR6
 * @param combustion stationary-combustion factor set id (e.g. {@code gbt32151}, {@code ipcc2006})
 * @param grid location-based grid factor id (e.g. {@code cn-grid:east_china:2023})
 * @param marketGrid optional market-based grid factor id (null when not used)
 * @param heat purchased-heat factor id (null when no heat is purchased)
 */
public record FactorSelection(
    String gwp, String combustion, String grid, String marketGrid, String heat) {
  public FactorSelection {
    if (gwp == null || !(gwp.equals("AR4") || gwp.equals("AR5") || gwp.equals("AR6"))) {
      throw new IllegalArgumentException("factors.gwp: expected one of AR4, AR5, AR6");
    }
    Checks.required("factors.combustion", combustion);
    Checks.required("factors.grid", grid);
  }
}
