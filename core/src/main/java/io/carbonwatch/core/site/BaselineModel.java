package io.carbonwatch.core.site;

import java.util.Map;

/**
 * Pre-fitted baseline coefficients: {@code expected = intercept + Σ coefficients[v] × v} per period
 * of the baseline's granularity.
 *
 * @param residualStdError standard error of the regression (same unit as the target per period),
 *     used by k-sigma deviation rules; null if unknown
 */
public record BaselineModel(
    double intercept, Map<String, Double> coefficients, Double residualStdError) {
  public BaselineModel {
    coefficients = coefficients == null ? Map.of() : Map.copyOf(coefficients);
    if (residualStdError != null && residualStdError < 0) {
      throw new IllegalArgumentException("model.residualStdError: expected >= 0");
    }
  }
}
