package io.carbonwatch.core.baseline;

/**
 * Student-t and F distribution functions through the regularized incomplete beta function,
 * evaluated with the continued fraction and modified Lentz method of Numerical Recipes (§6.4).
 * Written here so core needs no statistics library.
 */
public final class Distributions {

  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPS = 1e-15;
  private static final double FPMIN = 1e-300;

  // Lanczos approximation, g = 7, n = 9 (relative error below 1e-15 for x > 0).
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private Distributions() {}

  /** ln Γ(x) for x > 0. */
  public static double lnGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("x: lnGamma needs x > 0 but was " + x);
    }
    if (x < 0.5) {
      // reflection: Γ(x)Γ(1−x) = π / sin(πx)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
  public static double regularizedIncompleteBeta(double a, double b, double x) {
    if (!(a > 0) || !(b > 0)) {
      throw new IllegalArgumentException("a, b: must be > 0 but were " + a + ", " + b);
    }
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("x: must be in [0, 1] but was " + x);
    }
    if (x == 0 || x == 1) {
      return x;
    }
    double lnFront =
        lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    double front = Math.exp(lnFront);
    // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
    if (x < (a + 1) / (a + b + 2)) {
      return front * continuedFraction(a, b, x) / a;
    }
    return 1 - front * continuedFraction(b, a, 1 - x) / b;
  }

  private static double continuedFraction(double a, double b, double x) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < FPMIN) {
      d = FPMIN;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        return h;
      }
    }
    throw new ArithmeticException(
        "incomplete beta continued fraction did not converge for a=" + a + ", b=" + b + ", x=" + x);
  }

  /** P(T ≤ t) for Student's t with {@code df} degrees of freedom. */
  public static double studentTCdf(double t, double df) {
    requireDf(df, "df");
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return t > 0 ? 1 : 0;
    }
    double tail = 0.5 * regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
    return t > 0 ? 1 - tail : tail;
  }

  /** Two-sided p-value P(|T| ≥ |t|); accurate for very small p (no 1 − cdf cancellation). */
  public static double studentTTwoSidedP(double t, double df) {
    requireDf(df, "df");
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
  }

  /** P(F ≤ f) for the F distribution with (d1, d2) degrees of freedom. */
  public static double fCdf(double f, double d1, double d2) {
    requireDf(d1, "d1");
    requireDf(d2, "d2");
    if (f <= 0) {
      return 0;
    }
    if (Double.isInfinite(f)) {
      return 1;
    }
    return regularizedIncompleteBeta(d1 / 2, d2 / 2, d1 * f / (d1 * f + d2));
  }

  /** P(F ≥ f), the F-test p-value; computed directly so tiny p-values keep their precision. */
  public static double fSurvival(double f, double d1, double d2) {
    requireDf(d1, "d1");
    requireDf(d2, "d2");
    if (f <= 0) {
      return 1;
    }
    if (Double.isInfinite(f)) {
      return 0;
    }
    return regularizedIncompleteBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
  }

  private static void requireDf(double df, String name) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException(name + ": degrees of freedom must be > 0 but was " + df);
    }
  }
}
