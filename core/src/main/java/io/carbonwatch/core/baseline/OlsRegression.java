package io.carbonwatch.core.baseline;

import java.util.List;
import java.util.Objects;

/**
 * Ordinary least squares with optional intercept, solved by Householder QR on mean-centred columns
 * (centring removes the intercept's collinearity with large-valued variables such as a year or a
 * production count, which is what makes normal equations lose digits).
 *
 * <p>Degrees of freedom follow ASHRAE Guideline 14: {@code p} is the number of estimated parameters
 * including the intercept, CV(RMSE) = 100·√(SSE/(n−p))/ȳ and NMBE = 100·Σ(y−ŷ)/((n−p)·ȳ).
 */
public final class OlsRegression {

  /** Columns whose QR diagonal falls below this fraction of their norm are collinear. */
  private static final double RANK_TOLERANCE = 1e-10;

  private OlsRegression() {}

  /**
   * Result of a fit. Arrays are indexed by parameter: the intercept first when present, then the
   * variables in input order.
   *
   * @param names parameter names ({@code (intercept)} first when present)
   * @param coefficients estimates
   * @param standardErrors standard errors of the estimates
   * @param tStatistics estimate / standard error
   * @param pValues two-sided p-values of the t statistics with n−p degrees of freedom
   * @param unscaledCovariance (XᵀX)⁻¹; times s² it is the covariance of the estimates
   * @param n observations
   * @param parameters p, estimated parameters including the intercept
   * @param sse residual sum of squares
   * @param sst total sum of squares (about the mean with intercept, about zero without)
   * @param meanY mean of y
   * @param residualSum Σ(y − ŷ)
   * @param residuals y − ŷ per observation
   */
  public record Fit(
      boolean intercept,
      List<String> names,
      double[] coefficients,
      double[] standardErrors,
      double[] tStatistics,
      double[] pValues,
      double[][] unscaledCovariance,
      int n,
      int parameters,
      double sse,
      double sst,
      double meanY,
      double residualSum,
      double[] residuals) {

    public int dfResidual() {
      return n - parameters;
    }

    public int dfModel() {
      return parameters - (intercept ? 1 : 0);
    }

    public double r2() {
      return sst > 0 ? 1 - sse / sst : Double.NaN;
    }

    public double adjustedR2() {
      return 1 - (1 - r2()) * (n - (intercept ? 1 : 0)) / (double) dfResidual();
    }

    public double residualStandardError() {
      return Math.sqrt(sse / dfResidual());
    }

    /** F for "all slopes are zero"; NaN without slopes, infinite for a perfect fit. */
    public double fStatistic() {
      if (dfModel() == 0) {
        return Double.NaN;
      }
      return ((sst - sse) / dfModel()) / (sse / dfResidual());
    }

    public double fPValue() {
      double f = fStatistic();
      if (Double.isNaN(f)) {
        return Double.NaN;
      }
      return Distributions.fSurvival(f, dfModel(), dfResidual());
    }

    public double cvRmsePercent() {
      return 100 * residualStandardError() / meanY;
    }

    public double nmbePercent() {
      return 100 * residualSum / (dfResidual() * meanY);
    }
  }

  /**
   * Fits y = b0 + Σ bj·xj (or without b0).
   *
   * @param x observations × variables
   * @param y observations
   * @param variableNames names used in errors and results, one per column of x
   * @param intercept whether to estimate b0
   * @throws SingularDesignException too few observations, a constant variable with an intercept, or
   *     a variable that is a linear combination of the others
   */
  public static Fit fit(double[][] x, double[] y, List<String> variableNames, boolean intercept) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    int n = y.length;
    int k = variableNames.size();
    if (x.length != n) {
      throw new IllegalArgumentException(
          "x: has " + x.length + " rows but y has " + n + " observations");
    }
    int p = k + (intercept ? 1 : 0);
    if (p == 0) {
      throw new IllegalArgumentException("variables: a model without intercept needs a variable");
    }
    if (n <= p) {
      throw new SingularDesignException(
          n
              + " observations for "
              + p
              + " parameters: need at least "
              + (p + 1)
              + " to estimate the residual error");
    }
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("y[" + i + "]: must be finite but was " + y[i]);
      }
      if (x[i] == null || x[i].length != k) {
        throw new IllegalArgumentException("x[" + i + "]: expected " + k + " values");
      }
      meanY += y[i];
    }
    meanY /= n;
    double[] means = new double[k];
    double[][] a = new double[k][n]; // column-major copy, centred when there is an intercept
    for (int j = 0; j < k; j++) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        double v = x[i][j];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "x[" + i + "]." + variableNames.get(j) + ": must be finite but was " + v);
        }
        m += v;
      }
      m = intercept ? m / n : 0;
      means[j] = m;
      for (int i = 0; i < n; i++) {
        a[j][i] = x[i][j] - m;
      }
    }
    double[] qty = new double[n];
    for (int i = 0; i < n; i++) {
      qty[i] = y[i] - (intercept ? meanY : 0);
    }

    double[] rdiag = new double[k];
    for (int j = 0; j < k; j++) {
      double columnNorm = norm(a[j], 0);
      if (columnNorm == 0) {
        throw new SingularDesignException(
            "variable '"
                + variableNames.get(j)
                + "' is "
                + (intercept
                    ? "constant in the base period (collinear with the intercept)"
                    : "zero")
                + "; drop it or add data where it varies");
      }
      double norm = norm(a[j], j);
      if (norm <= RANK_TOLERANCE * columnNorm) {
        throw new SingularDesignException(
            "variable '"
                + variableNames.get(j)
                + "' is a linear combination of "
                + (intercept ? "the intercept and " : "")
                + String.join(", ", variableNames.subList(0, j))
                + "; drop one of them");
      }
      double alpha = a[j][j] > 0 ? -norm : norm;
      a[j][j] -= alpha;
      double vv = 0;
      for (int i = j; i < n; i++) {
        vv += a[j][i] * a[j][i];
      }
      for (int l = j + 1; l < k; l++) {
        reflect(a[j], a[l], j, n, vv);
      }
      reflect(a[j], qty, j, n, vv);
      rdiag[j] = alpha;
    }
    // Back-substitution R·b = Qᵀy and R⁻¹ (upper triangular).
    double[] b = new double[k];
    for (int j = k - 1; j >= 0; j--) {
      double s = qty[j];
      for (int l = j + 1; l < k; l++) {
        s -= a[l][j] * b[l];
      }
      b[j] = s / rdiag[j];
    }
    double[][] rinv = new double[k][k];
    for (int c = 0; c < k; c++) {
      rinv[c][c] = 1 / rdiag[c];
      for (int r = c - 1; r >= 0; r--) {
        double s = 0;
        for (int l = r + 1; l <= c; l++) {
          s += a[l][r] * rinv[l][c];
        }
        rinv[r][c] = -s / rdiag[r];
      }
    }
    double[][] cc = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = r; c < k; c++) {
        double s = 0;
        for (int l = Math.max(r, c); l < k; l++) {
          s += rinv[r][l] * rinv[c][l];
        }
        cc[r][c] = s;
        cc[c][r] = s;
      }
    }

    double[] coef = new double[p];
    double[][] cov = new double[p][p];
    int off = intercept ? 1 : 0;
    for (int j = 0; j < k; j++) {
      coef[off + j] = b[j];
      for (int l = 0; l < k; l++) {
        cov[off + j][off + l] = cc[j][l];
      }
    }
    if (intercept) {
      double b0 = meanY;
      for (int j = 0; j < k; j++) {
        b0 -= b[j] * means[j];
      }
      coef[0] = b0;
      // b0 = ȳ − mᵀb, so Var(b0) ∝ 1/n + mᵀ·C·m and Cov(b0, b) ∝ −C·m.
      double c00 = 1.0 / n;
      for (int j = 0; j < k; j++) {
        double cm = 0;
        for (int l = 0; l < k; l++) {
          cm += cc[j][l] * means[l];
        }
        cov[0][off + j] = -cm;
        cov[off + j][0] = -cm;
        c00 += means[j] * cm;
      }
      cov[0][0] = c00;
    }

    double sse = 0;
    double sst = 0;
    double residualSum = 0;
    double[] residuals = new double[n];
    for (int i = 0; i < n; i++) {
      double fitted = intercept ? coef[0] : 0;
      for (int j = 0; j < k; j++) {
        fitted += coef[off + j] * x[i][j];
      }
      double e = y[i] - fitted;
      residuals[i] = e;
      sse += e * e;
      residualSum += e;
      double d = intercept ? y[i] - meanY : y[i];
      sst += d * d;
    }
    double s2 = sse / (n - p);
    double[] se = new double[p];
    double[] t = new double[p];
    double[] pv = new double[p];
    for (int j = 0; j < p; j++) {
      se[j] = Math.sqrt(s2 * cov[j][j]);
      t[j] = coef[j] / se[j];
      pv[j] = Distributions.studentTTwoSidedP(t[j], n - p);
    }
    String[] names = new String[p];
    if (intercept) {
      names[0] = "(intercept)";
    }
    for (int j = 0; j < k; j++) {
      names[off + j] = variableNames.get(j);
    }
    return new Fit(
        intercept,
        List.of(names),
        coef,
        se,
        t,
        pv,
        cov,
        n,
        p,
        sse,
        sst,
        meanY,
        residualSum,
        residuals);
  }

  /** Applies the reflection I − 2vvᵀ/(vᵀv) stored in {@code v[from..n)} to {@code target}. */
  private static void reflect(double[] v, double[] target, int from, int n, double vv) {
    double s = 0;
    for (int i = from; i < n; i++) {
      s += v[i] * target[i];
    }
    double f = 2 * s / vv;
    for (int i = from; i < n; i++) {
      target[i] -= f * v[i];
    }
  }

  /** Euclidean norm of {@code v[from..)} with scaling against overflow. */
  private static double norm(double[] v, int from) {
    double scale = 0;
    for (int i = from; i < v.length; i++) {
      scale = Math.max(scale, Math.abs(v[i]));
    }
    if (scale == 0) {
      return 0;
    }
    double s = 0;
    for (int i = from; i < v.length; i++) {
      double r = v[i] / scale;
      s += r * r;
    }
    return scale * Math.sqrt(s);
  }
}
