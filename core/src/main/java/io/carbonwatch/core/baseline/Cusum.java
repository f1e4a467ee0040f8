package io.carbonwatch.core.baseline;

/**
 * Cumulative sum of (expected − actual) against a baseline. Sign convention fixed for the whole
 * system (the reference notes both are in use): a rising CUSUM means the target uses less than the
 * baseline predicts (savings), a falling one means overconsumption.
 *
 * <p>The state is two numbers so it fits in Flink keyed state; the sum is Kahan-compensated because
 * a CUSUM runs for years of hourly periods.
 *
 * @param sum cumulative expected − actual
 * @param compensation Kahan compensation term of {@code sum}
 * @param periods number of periods summed
 */
public record Cusum(double sum, double compensation, long periods) {

  public static Cusum start() {
    return new Cusum(0, 0, 0);
  }

  public Cusum {
    if (periods < 0) {
      throw new IllegalArgumentException("periods: must be >= 0");
    }
  }

  /** Adds one period. */
  public Cusum add(double expected, double actual) {
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      throw new IllegalArgumentException(
          "expected, actual: must be finite but were " + expected + ", " + actual);
    }
    double y = (expected - actual) - compensation;
    double t = sum + y;
    return new Cusum(t, (t - sum) - y, periods + 1);
  }

  /**
   * The CUSUM of observed periods against a baseline model (its predictions as expected values).
   *
   * @throws IllegalArgumentException an observation lacks a variable the model needs
   */
  public static double[] against(BaselineModel model, java.util.List<Observation> observations) {
    double[] expected = new double[observations.size()];
    double[] actual = new double[observations.size()];
    for (int i = 0; i < expected.length; i++) {
      Observation o = observations.get(i);
      expected[i] = model.predict(o.variables()).expected();
      actual[i] = o.actual();
    }
    return series(expected, actual);
  }

  /** The CUSUM after each period of a series. */
  public static double[] series(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "actual: has " + actual.length + " values but expected has " + expected.length);
    }
    double[] out = new double[expected.length];
    Cusum c = start();
    for (int i = 0; i < expected.length; i++) {
      c = c.add(expected[i], actual[i]);
      out[i] = c.sum();
    }
    return out;
  }
}
