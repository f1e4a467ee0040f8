package io.carbonwatch.core.site;

import java.time.LocalDate;
import java.util.List;

/**
 * A carbon baseline (碳基准, 6.1.5) definition: what is modelled over which base period, normalised by
 * which relevant variables. Fitting and approval happen in the api; an optional pre-fitted {@code
 * model} lets the jobs start before one is approved.
 *
 * @param basePeriodStart first day of the base period (site-local date, inclusive)
 * @param basePeriodEnd last day of the base period (site-local date, inclusive)
 * @param intercept whether the regression has an intercept
 */
public record Baseline(
    String id,
    Names name,
    String target,
    Measure measure,
    LocalDate basePeriodStart,
    LocalDate basePeriodEnd,
    Granularity granularity,
    List<String> relevantVariables,
    boolean intercept,
    BaselineModel model) {
  public Baseline {
    Checks.id("baseline.id", id);
    Checks.required("baseline.target", target);
    Checks.required("baseline.measure", measure);
    Checks.required("baseline.basePeriodStart", basePeriodStart);
    Checks.required("baseline.basePeriodEnd", basePeriodEnd);
    Checks.required("baseline.granularity", granularity);
    relevantVariables = Checks.list(relevantVariables);
    if (basePeriodEnd.isBefore(basePeriodStart)) {
      throw new IllegalArgumentException(
          "baseline.basePeriodEnd: expected on or after basePeriodStart");
    }
  }
}
