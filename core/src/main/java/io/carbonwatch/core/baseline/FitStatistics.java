package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Goodness-of-fit of a baseline over its base period. Degrees of freedom as ASHRAE Guideline 14:
 * {@code parameters} (p) counts every estimated parameter including the intercept, and both
 * CV(RMSE) and NMBE divide by n − p. A statistic that is undefined for the model kind (R² of a
 * constant baseline, F without slopes) or for the data (a mean of zero) is {@code null}.
 *
 * @param n observations in the base period
 * @param parameters p, estimated parameters including the intercept
 * @param dfResidual n − p
 * @param meanActual mean of the modelled quantity
 * @param sse residual sum of squares
 * @param r2 coefficient of determination (uncentred without intercept, as NIST and R do)
 * @param adjustedR2 R² adjusted for the number of slopes
 * @param residualStandardError √(SSE / (n − p)), in the model unit
 * @param fStatistic F for "all slopes are zero"
 * @param fPValue p-value of the F statistic
 * @param cvRmsePercent 100 · residualStandardError / meanActual
 * @param nmbePercent 100 · Σ(actual − fitted) / ((n − p) · meanActual)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FitStatistics(
    int n,
    int parameters,
    int dfResidual,
    double meanActual,
    double sse,
    Double r2,
    Double adjustedR2,
    double residualStandardError,
    Double fStatistic,
    Double fPValue,
    Double cvRmsePercent,
    Double nmbePercent) {
  public FitStatistics {
    if (n <= parameters || dfResidual != n - parameters) {
      throw new IllegalArgumentException(
          "dfResidual: must be n − parameters > 0 but n=" + n + ", parameters=" + parameters);
    }
    if (!(residualStandardError >= 0)) {
      throw new IllegalArgumentException("residualStandardError: must be >= 0");
    }
  }

  /** Non-finite doubles become null so JSON stays standard. */
  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
