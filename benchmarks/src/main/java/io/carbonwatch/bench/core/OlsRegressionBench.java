package io.carbonwatch.bench.core;

import io.carbonwatch.core.baseline.OlsRegression;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link OlsRegression#fit} of a one-year hourly baseline: 8,760 observations, 2 relevant variables
 * (degree hours and production) plus intercept, with all fit statistics.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OlsRegressionBench {

  static final int HOURS = 8_760;

  private double[][] x;
  private double[] y;
  private final List<String> names = List.of("hdd", "production_t");

  @Setup
  public void setUp() {
    Random rnd = new Random(17167);
    x = new double[HOURS][2];
    y = new double[HOURS];
    for (int h = 0; h < HOURS; h++) {
      double degreeHours = Math.max(0, 18 - (12 + 10 * Math.sin(2 * Math.PI * h / HOURS)));
      double production = (h % 24 >= 8 && h % 24 < 20) ? 4 + rnd.nextDouble() : rnd.nextDouble();
      x[h][0] = degreeHours;
      x[h][1] = production;
      y[h] = 120 + 6.5 * degreeHours + 38 * production + rnd.nextGaussian() * 5;
    }
    double b = OlsRegression.fit(x, y, names, true).coefficients()[2];
    if (Math.abs(b - 38) > 1) {
      throw new IllegalStateException("production coefficient should be near 38, got " + b);
    }
  }

  @Benchmark
  public OlsRegression.Fit fitYearOfHours() {
    return OlsRegression.fit(x, y, names, true);
  }
}
