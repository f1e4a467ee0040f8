package io.carbonwatch.core.site;

/**
 * Measuring range of an instrument, e.g. 0..1500 A or 0..400 Nm³/h; values outside are
 * out_of_range.
 */
public record MeasuringRange(double min, double max, String unit) {
  public MeasuringRange {
    if (!(max > min)) {
      throw new IllegalArgumentException("range: expected max > min, got " + min + ".." + max);
    }
    Checks.required("range.unit", unit);
  }

  public boolean contains(double value) {
    return value >= min && value <= max;
  }
}
