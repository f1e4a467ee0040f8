package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Regression checked against NIST StRD certified values (Norris, NoInt1, NoInt2, Longley; data and
 * certified values as published at https://www.itl.nist.gov/div898/strd/lls/lls.shtml) and against
 * an independent normal-equations solve in 50-digit BigDecimal.
 */
class OlsRegressionTest {

  private static void assertRel(double actual, double expected, double rel) {
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * rel));
  }

  static final double[] NORRIS_X = {
    0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5,
    666.9, 338.0, 447.5, 11.6, 556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2,
    999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5
  };
  static final double[] NORRIS_Y = {
    0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1,
    668.8, 339.3, 448.9, 10.8, 557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0,
    998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2
  };

  static final double[][] LONGLEY = {
    {60323, 83.0, 234289, 2356, 1590, 107608, 1947},
    {61122, 88.5, 259426, 2325, 1456, 108632, 1948},
    {60171, 88.2, 258054, 3682, 1616, 109773, 1949},
    {61187, 89.5, 284599, 3351, 1650, 110929, 1950},
    {63221, 96.2, 328975, 2099, 3099, 112075, 1951},
    {63639, 98.1, 346999, 1932, 3594, 113270, 1952},
    {64989, 99.0, 365385, 1870, 3547, 115094, 1953},
    {63761, 100.0, 363112, 3578, 3350, 116219, 1954},
    {66019, 101.2, 397469, 2904, 3048, 117388, 1955},
    {67857, 104.6, 419180, 2822, 2857, 118734, 1956},
    {68169, 108.4, 442769, 2936, 2798, 120445, 1957},
    {66513, 110.8, 444546, 4681, 2637, 121950, 1958},
    {68655, 112.6, 482704, 3813, 2552, 123366, 1959},
    {69564, 114.2, 502601, 3931, 2514, 125368, 1960},
    {69331, 115.7, 518173, 4806, 2572, 127852, 1961},
    {70551, 116.9, 554894, 4007, 2827, 130081, 1962}
  };

  private static double[][] column(double[] x) {
    double[][] m = new double[x.length][1];
    for (int i = 0; i < x.length; i++) {
      m[i][0] = x[i];
    }
    return m;
  }

  @Test
  void matchesNistNorrisCertifiedValues() {
    OlsRegression.Fit fit = OlsRegression.fit(column(NORRIS_X), NORRIS_Y, List.of("x"), true);
    assertRel(fit.coefficients()[0], -0.262323073774029, 1e-10);
    assertRel(fit.coefficients()[1], 1.00211681802045, 1e-12);
    assertRel(fit.standardErrors()[0], 0.232818234301152, 1e-10);
    assertRel(fit.standardErrors()[1], 0.429796848199937E-03, 1e-10);
    assertRel(fit.residualStandardError(), 0.884796396144373, 1e-10);
    assertRel(fit.r2(), 0.999993745883712, 1e-13);
    assertRel(fit.sse(), 26.6173985294224, 1e-10);
    assertRel(fit.fStatistic(), 5436385.54079785, 1e-9);
  }

  @Test
  void matchesNistNoInterceptCertifiedValues() {
    double[] x = {60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70};
    double[] y = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140};
    OlsRegression.Fit fit = OlsRegression.fit(column(x), y, List.of("x"), false);
    assertThat(fit.names()).containsExactly("x");
    assertRel(fit.coefficients()[0], 2.07438016528926, 1e-13);
    assertRel(fit.standardErrors()[0], 0.165289256198347E-01, 1e-12);
    assertRel(fit.residualStandardError(), 3.56753034006338, 1e-12);
    assertRel(fit.r2(), 0.999365492298663, 1e-13);

    OlsRegression.Fit fit2 =
        OlsRegression.fit(
            column(new double[] {4, 5, 6}), new double[] {3, 4, 4}, List.of("x"), false);
    assertRel(fit2.coefficients()[0], 0.727272727272727, 1e-13);
    assertRel(fit2.standardErrors()[0], 0.420827318078432E-01, 1e-12);
    assertRel(fit2.sse(), 0.272727272727273, 1e-12);
  }

  @Test
  void matchesNistLongleyCertifiedValues() {
    double[][] x = new double[16][6];
    double[] y = new double[16];
    for (int i = 0; i < 16; i++) {
      y[i] = LONGLEY[i][0];
      System.arraycopy(LONGLEY[i], 1, x[i], 0, 6);
    }
    OlsRegression.Fit fit =
        OlsRegression.fit(x, y, List.of("x1", "x2", "x3", "x4", "x5", "x6"), true);
    double[] b = {
      -3482258.63459582,
      15.0618722713733,
      -0.358191792925910E-01,
      -2.02022980381683,
      -1.03322686717359,
      -0.511041056535807E-01,
      1829.15146461355
    };
    double[] se = {
      890420.383607373,
      84.9149257747669,
      0.334910077722432E-01,
      0.488399681651699,
      0.214274163161675,
      0.226073200069370,
      455.478499142212
    };
    for (int j = 0; j < 7; j++) {
      // observed agreement is ~1e-13 (QR on centred columns); 1e-11 still catches a lost digit
      assertRel(fit.coefficients()[j], b[j], 1e-11);
      assertRel(fit.standardErrors()[j], se[j], 1e-11);
    }
    assertRel(fit.residualStandardError(), 304.854073561965, 1e-11);
    assertRel(fit.r2(), 0.995479004577296, 1e-12);
    assertRel(fit.fStatistic(), 330.285339234588, 1e-10);
    assertRel(fit.sse(), 836424.055505915, 1e-10);
    assertThat(fit.dfResidual()).isEqualTo(9);
  }

  @Test
  void agreesWithBigDecimalNormalEquationsOnRandomDesigns() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 20; trial++) {
      int k = 1 + rnd.nextInt(4);
      int n = k + 3 + rnd.nextInt(40);
      boolean intercept = rnd.nextBoolean();
      double[][] x = new double[n][k];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double yi = intercept ? 50 : 0;
        for (int j = 0; j < k; j++) {
          x[i][j] = Math.round((rnd.nextDouble() * 1000 + j * 37) * 10) / 10.0;
          yi += (j + 1.5) * x[i][j];
        }
        y[i] = yi + rnd.nextGaussian() * 40;
      }
      List<String> names = java.util.stream.IntStream.range(0, k).mapToObj(j -> "v" + j).toList();
      OlsRegression.Fit fit = OlsRegression.fit(x, y, names, intercept);
      double[][] ref = normalEquations(x, y, intercept);
      int p = ref.length;
      double sse = 0;
      for (int i = 0; i < n; i++) {
        double f = 0;
        for (int j = 0; j < p; j++) {
          f += ref[j][0] * (intercept ? (j == 0 ? 1 : x[i][j - 1]) : x[i][j]);
        }
        sse += (y[i] - f) * (y[i] - f);
      }
      double s2 = sse / (n - p);
      for (int j = 0; j < p; j++) {
        assertRel(fit.coefficients()[j], ref[j][0], 1e-9);
        assertRel(fit.standardErrors()[j], Math.sqrt(s2 * ref[j][1]), 1e-8);
      }
      assertRel(fit.sse(), sse, 1e-9);
    }
  }

  /** Returns per parameter {coefficient, diagonal of (XᵀX)⁻¹}, by Gauss–Jordan in BigDecimal. */
  private static double[][] normalEquations(double[][] x, double[] y, boolean intercept) {
    MathContext mc = new MathContext(50);
    int n = y.length;
    int p = x[0].length + (intercept ? 1 : 0);
    BigDecimal[][] a = new BigDecimal[p][2 * p + 1];
    for (int r = 0; r < p; r++) {
      for (int c = 0; c < 2 * p + 1; c++) {
        a[r][c] = BigDecimal.ZERO;
      }
      a[r][p + 1 + r] = BigDecimal.ONE;
    }
    for (int i = 0; i < n; i++) {
      BigDecimal[] row = new BigDecimal[p];
      for (int j = 0; j < p; j++) {
        row[j] = new BigDecimal(intercept ? (j == 0 ? 1 : x[i][j - 1]) : x[i][j]);
      }
      BigDecimal yi = new BigDecimal(y[i]);
      for (int r = 0; r < p; r++) {
        for (int c = 0; c < p; c++) {
          a[r][c] = a[r][c].add(row[r].multiply(row[c], mc), mc);
        }
        a[r][p] = a[r][p].add(row[r].multiply(yi, mc), mc);
      }
    }
    // columns 0..p-1: XᵀX, p: Xᵀy, p+1..2p: identity → after elimination b and (XᵀX)⁻¹
    for (int c = 0; c < p; c++) {
      int pivot = c;
      for (int r = c + 1; r < p; r++) {
        if (a[r][c].abs().compareTo(a[pivot][c].abs()) > 0) {
          pivot = r;
        }
      }
      BigDecimal[] tmp = a[c];
      a[c] = a[pivot];
      a[pivot] = tmp;
      BigDecimal d = a[c][c];
      for (int cc = 0; cc < 2 * p + 1; cc++) {
        a[c][cc] = a[c][cc].divide(d, mc);
      }
      for (int r = 0; r < p; r++) {
        if (r != c && a[r][c].signum() != 0) {
          BigDecimal f = a[r][c];
          for (int cc = 0; cc < 2 * p + 1; cc++) {
            a[r][cc] = a[r][cc].subtract(f.multiply(a[c][cc], mc), mc);
          }
        }
      }
    }
    double[][] out = new double[p][2];
    for (int j = 0; j < p; j++) {
      out[j][0] = a[j][p].doubleValue();
      out[j][1] = a[j][p + 1 + j].doubleValue();
    }
    return out;
  }

  @Test
  void handCheckedSimpleRegressionStatistics() {
    // y = 1 + 2x with residuals +1, −1, −1, +1 at x = 0..3 — worked by hand:
    // b1 = 2, b0 = 1, SSE = 4, s² = 2, Sxx = 5, SST = 24, R² = 5/6, F = 20/2 = 10
    double[] y = {2, 2, 4, 8};
    OlsRegression.Fit fit =
        OlsRegression.fit(column(new double[] {0, 1, 2, 3}), y, List.of("x"), true);
    assertThat(fit.coefficients()[0]).isCloseTo(1, within(1e-12));
    assertThat(fit.coefficients()[1]).isCloseTo(2, within(1e-12));
    assertThat(fit.sse()).isCloseTo(4, within(1e-12));
    assertThat(fit.r2()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(fit.adjustedR2()).isCloseTo(1 - (1.0 / 6) * 3 / 2, within(1e-12));
    assertThat(fit.standardErrors()[1]).isCloseTo(Math.sqrt(2.0 / 5), within(1e-12));
    assertThat(fit.standardErrors()[0]).isCloseTo(Math.sqrt(2 * (0.25 + 2.25 / 5)), within(1e-12));
    assertThat(fit.fStatistic()).isCloseTo(10, within(1e-10));
    // F(1, 2) p-value = two-sided t p-value of t = √10
    assertThat(fit.fPValue()).isCloseTo(fit.pValues()[1], within(1e-12));
    assertThat(fit.fPValue()).isCloseTo(1 - Math.sqrt(10.0 / 12), within(1e-12));
    // ȳ = 4, RMSE with n−p = 2: √(4/2) → CV = 100·√2/4; residuals sum to zero → NMBE 0
    assertThat(fit.cvRmsePercent()).isCloseTo(100 * Math.sqrt(2) / 4, within(1e-10));
    assertThat(fit.nmbePercent()).isCloseTo(0, within(1e-10));
  }

  @Test
  void collinearVariablesAreRejectedNamingTheVariable() {
    double[][] x = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}};
    double[] y = {1, 2, 3, 4, 6};
    assertThatThrownBy(() -> OlsRegression.fit(x, y, List.of("production", "production2"), true))
        .isInstanceOf(SingularDesignException.class)
        .hasMessageContaining("'production2'")
        .hasMessageContaining("linear combination");
  }

  @Test
  void constantVariableWithInterceptIsRejected() {
    double[][] x = {{3}, {3}, {3}, {3}};
    assertThatThrownBy(() -> OlsRegression.fit(x, new double[] {1, 2, 3, 4}, List.of("hdd"), true))
        .isInstanceOf(SingularDesignException.class)
        .hasMessageContaining("'hdd' is constant");
  }

  @Test
  void tooFewObservationsAreRejected() {
    assertThatThrownBy(
            () ->
                OlsRegression.fit(
                    new double[][] {{1}, {2}}, new double[] {1, 2}, List.of("x"), true))
        .isInstanceOf(SingularDesignException.class)
        .hasMessageContaining("2 observations for 2 parameters");
  }

  @Test
  void nonFiniteInputNamesRowAndVariable() {
    double[][] x = {{1}, {Double.NaN}, {3}, {4}};
    assertThatThrownBy(() -> OlsRegression.fit(x, new double[] {1, 2, 3, 4}, List.of("hdd"), true))
        .hasMessageContaining("x[1].hdd");
  }
}
