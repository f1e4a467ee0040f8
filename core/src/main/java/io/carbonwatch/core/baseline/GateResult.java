package io.carbonwatch.core.baseline;

/**
 * Outcome of one gate for one model.
 *
 * @param gate the gate
 * @param status pass, fail or not applicable
 * @param value the model's value of the metric, null when not applicable
 * @param explanation why, in English (e.g. "cv_rmse_percent 12.3 ≤ 15: pass")
 */
public record GateResult(ValidityGate gate, Status status, Double value, String explanation) {
  public enum Status {
    PASS,
    FAIL,
    NOT_APPLICABLE
  }

  public double threshold() {
    return gate.threshold();
  }
}
