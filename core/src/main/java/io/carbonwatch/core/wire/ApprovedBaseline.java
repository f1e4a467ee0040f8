package io.carbonwatch.core.wire;

import java.time.Instant;
import java.util.Map;

/**
 * An approved baseline model as published on {@code control/baselines}: {@code expected = intercept
 * + Σ coefficients[v] × v} per {@code granularity} period.
 *
 * @param id baseline id of the site model (e.g. {@code BL-AIR})
 * @param revision approval revision, increasing per baseline id
 * @param target site/SEU/meter id the baseline models
 * @param measure energy or emissions
 * @param granularity hour, day or month
 * @param unit unit of the modelled value per period (e.g. kWh, tCO2e)
 * @param residualStdError standard error of the regression, null if unknown
 * @param reason recorded reason of the approval or adjustment (6.1.5)
 */
public record ApprovedBaseline(
    String id,
    long revision,
    String target,
    String measure,
    String granularity,
    String unit,
    double intercept,
    Map<String, Double> coefficients,
    Double residualStdError,
    Instant approvedAt,
    String approvedBy,
    String reason) {
  public ApprovedBaseline {
    Wire.required("id", id);
    if (revision < 1) {
      throw new IllegalArgumentException("revision: expected >= 1");
    }
    Wire.required("target", target);
    Wire.required("measure", measure);
    Wire.required("granularity", granularity);
    Wire.required("unit", unit);
    coefficients = coefficients == null ? Map.of() : Map.copyOf(coefficients);
    Wire.required("approvedAt", approvedAt);
    Wire.required("approvedBy", approvedBy);
    Wire.required("reason", reason);
  }
}
