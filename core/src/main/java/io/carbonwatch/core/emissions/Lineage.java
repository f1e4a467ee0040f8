package io.carbonwatch.core.emissions;

import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.units.Verification;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * Where an emission figure comes from: the factor version and its data file, its validity, the GWP
 * set, the source citation and the weakest verification level among the values used. Built once per
 * resolved coefficient and shared by all its results.
 *
 * @param factorId factor version id ({@code cn-grid:east:2022}), {@code gwp:<set>:<gas>} for a pure
 *     gas top-up, or {@code blend:<name>} for a refrigerant blend
 * @param files data files and versions used, {@code file@version}, comma-separated
 * @param effectiveFrom first day in force, {@code null} when unbounded
 * @param effectiveTo first day no longer in force, {@code null} when open
 * @param note recorded conflicts and caveats of the values used, empty when none
 * @param parameters the published inputs as written in the data file
 */
public record Lineage(
    String factorId,
    String factorSeries,
    String files,
    LocalDate effectiveFrom,
    LocalDate effectiveTo,
    GwpSet gwpSet,
    Verification verification,
    String source,
    String note,
    Map<String, String> parameters)
    implements Serializable {

  public Lineage {
    Objects.requireNonNull(factorId, "factorId");
    Objects.requireNonNull(factorSeries, "factorSeries");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(gwpSet, "gwpSet");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(note, "note");
    parameters = Map.copyOf(parameters);
  }
}
