package io.carbonwatch.core.baseline;

import java.util.Objects;

/**
 * One relevant variable of a baseline model, with its estimate and the range it was fitted on.
 *
 * @param variable variable name (e.g. {@code production}, {@code hdd})
 * @param unit variable unit (e.g. {@code t}, {@code K·d})
 * @param coefficient estimated coefficient, in model unit per variable unit
 * @param standardError standard error of the coefficient; null when not estimated by OLS
 * @param tStatistic coefficient / standard error; null when not estimated by OLS
 * @param pValue two-sided p-value of the t statistic; null when not estimated by OLS
 * @param fittedMin smallest value of the variable in the base period
 * @param fittedMax largest value of the variable in the base period
 * @param mean mean of the variable in the base period
 */
public record Term(
    String variable,
    String unit,
    double coefficient,
    Double standardError,
    Double tStatistic,
    Double pValue,
    double fittedMin,
    double fittedMax,
    double mean) {
  public Term {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("variable: must not be blank");
    }
    Objects.requireNonNull(unit, "unit");
    if (!Double.isFinite(coefficient)) {
      throw new IllegalArgumentException(variable + ".coefficient: must be finite");
    }
    if (fittedMin > fittedMax) {
      throw new IllegalArgumentException(variable + ".fittedMin: must be <= fittedMax");
    }
  }
}
