package io.carbonwatch.core.emissions;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The coefficients of all versions of a factor series, each with its validity, resolved once so
 * that the per-interval lookup is a scan over a few longs. An interval takes the coefficient in
 * force at its start; callers split intervals at factor boundaries (calendar years for grid
 * factors) if they need to. Serializable so that a Flink job can resolve it at construction and
 * ship it to its tasks.
 */
public final class CoefficientTimeline implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String ref;
  private final long[] fromEpochMilli;
  private final long[] toEpochMilli;
  private final EmissionCoefficient[] coefficients;

  CoefficientTimeline(
      String ref, List<Instant> from, List<Instant> to, List<EmissionCoefficient> coefficients) {
    this.ref = ref;
    int n = coefficients.size();
    this.fromEpochMilli = new long[n];
    this.toEpochMilli = new long[n];
    this.coefficients = coefficients.toArray(new EmissionCoefficient[0]);
    for (int i = 0; i < n; i++) {
      fromEpochMilli[i] =
          from.get(i).equals(Instant.MIN) ? Long.MIN_VALUE : from.get(i).toEpochMilli();
      toEpochMilli[i] = to.get(i).equals(Instant.MAX) ? Long.MAX_VALUE : to.get(i).toEpochMilli();
    }
  }

  /** The coefficient in force at {@code at}; fails naming the factor when none is. */
  public EmissionCoefficient at(Instant at) {
    long t = at.toEpochMilli();
    for (int i = coefficients.length - 1; i >= 0; i--) {
      if (t >= fromEpochMilli[i] && t < toEpochMilli[i]) {
        return coefficients[i];
      }
    }
    throw new IllegalArgumentException("factor " + ref + ": no version in force at " + at);
  }

  /** tCO2e of {@code activity} in the interval starting at {@code intervalStart}. */
  public double tco2e(Instant intervalStart, double activity) {
    return at(intervalStart).tco2e(activity);
  }

  /** The factor reference (series or pinned version id) this timeline was built from. */
  public String ref() {
    return ref;
  }

  public List<EmissionCoefficient> coefficients() {
    return List.of(coefficients);
  }
}
