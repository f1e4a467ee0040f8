package io.carbonwatch.jobs.model;

/**
 * Carbon performance of one baseline target over one window (clause 6.1.4/9.1.1): actual vs the
 * baseline's expected value, the deviation and the running CUSUM of expected − actual.
 *
 * @param expected {@code NaN} when a relevant variable of the model has no value for the window
 * @param cusum running sum of expected − actual over evaluated windows (positive = savings)
 * @param coverage share of the window's minutes with data from every channel of the actual (0–1)
 * @param judged the window was complete enough to count in the CUSUM and the deviation rules
 * @param corrected this point replaces an earlier one after late data changed the window
 */
public record PerformancePoint(
    String site,
    String baseline,
    String target,
    String measure,
    String unit,
    String window,
    long startEpochMs,
    long endEpochMs,
    double actual,
    double expected,
    double cusum,
    double coverage,
    boolean judged,
    boolean corrected) {

  public double deviation() {
    return actual - expected;
  }

  /** 100 · deviation / |expected|, {@code NaN} when expected is 0 or unknown. */
  public double deviationPercent() {
    return expected == 0 || Double.isNaN(expected)
        ? Double.NaN
        : 100 * deviation() / Math.abs(expected);
  }
}
