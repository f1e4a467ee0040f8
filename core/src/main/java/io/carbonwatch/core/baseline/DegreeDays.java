package io.carbonwatch.core.baseline;

/**
 * Heating and cooling degree-days, a common relevant variable for heating and cooling loads. The
 * base temperature is site configuration (it depends on the building), so it is always passed in.
 * Units: °C in, K·d (°C·d) out.
 */
public final class DegreeDays {
  private DegreeDays() {}

  /** HDD of one day from its mean temperature: max(0, base − mean). */
  public static double heating(double dailyMeanC, double baseC) {
    requireFinite(dailyMeanC, "dailyMeanC");
    requireFinite(baseC, "baseC");
    return Math.max(0, baseC - dailyMeanC);
  }

  /** CDD of one day from its mean temperature: max(0, mean − base). */
  public static double cooling(double dailyMeanC, double baseC) {
    requireFinite(dailyMeanC, "dailyMeanC");
    requireFinite(baseC, "baseC");
    return Math.max(0, dailyMeanC - baseC);
  }

  /** Daily mean as the average of minimum and maximum (the usual meteorological convention). */
  public static double dailyMeanFromMinMax(double minC, double maxC) {
    if (minC > maxC) {
      throw new IllegalArgumentException("minC: " + minC + " is above maxC " + maxC);
    }
    return (minC + maxC) / 2;
  }

  /**
   * HDD of one day integrated from evenly spaced samples (e.g. 24 hourly temperatures): the mean of
   * max(0, base − T). Differs from the daily-mean method on days that cross the base temperature.
   */
  public static double heatingFromSamples(double[] temperaturesC, double baseC) {
    return integrate(temperaturesC, baseC, true);
  }

  /** CDD of one day integrated from evenly spaced samples: the mean of max(0, T − base). */
  public static double coolingFromSamples(double[] temperaturesC, double baseC) {
    return integrate(temperaturesC, baseC, false);
  }

  /** Sum of daily HDD over several days of daily means (e.g. a month). */
  public static double heatingSum(double[] dailyMeansC, double baseC) {
    double s = 0;
    for (double t : dailyMeansC) {
      s += heating(t, baseC);
    }
    return s;
  }

  /** Sum of daily CDD over several days of daily means. */
  public static double coolingSum(double[] dailyMeansC, double baseC) {
    double s = 0;
    for (double t : dailyMeansC) {
      s += cooling(t, baseC);
    }
    return s;
  }

  private static double integrate(double[] temperaturesC, double baseC, boolean heating) {
    if (temperaturesC.length == 0) {
      throw new IllegalArgumentException("temperaturesC: needs at least one sample");
    }
    requireFinite(baseC, "baseC");
    double s = 0;
    for (int i = 0; i < temperaturesC.length; i++) {
      requireFinite(temperaturesC[i], "temperaturesC[" + i + "]");
      s += Math.max(0, heating ? baseC - temperaturesC[i] : temperaturesC[i] - baseC);
    }
    return s / temperaturesC.length;
  }

  private static void requireFinite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + ": must be finite but was " + v);
    }
  }
}
