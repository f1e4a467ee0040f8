package io.carbonwatch.core.baseline;

import java.util.List;

/**
 * Expected value for one period.
 *
 * @param expected expected value in the model unit
 * @param standardErrorOfFit standard error of the expected mean (null for intensity baselines)
 * @param standardErrorOfPrediction standard error of a single new observation
 * @param warnings variables outside the range the model was fitted on
 */
public record Prediction(
    double expected,
    Double standardErrorOfFit,
    Double standardErrorOfPrediction,
    List<RangeWarning> warnings) {
  public Prediction {
    warnings = List.copyOf(warnings);
  }

  public boolean extrapolated() {
    return !warnings.isEmpty();
  }
}
