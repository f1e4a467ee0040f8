package io.carbonwatch.core.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fits the three baseline kinds from base-period observations. */
public final class BaselineFitter {

  private BaselineFitter() {}

  /** OLS on the spec's variables (with the spec's intercept choice). */
  public static BaselineModel regression(BaselineSpec spec, List<Observation> observations) {
    int n = observations.size();
    List<String> names = spec.variables().stream().map(BaselineSpec.Variable::name).toList();
    double[][] x = matrix(spec, observations);
    double[] y = actuals(observations);
    OlsRegression.Fit fit = OlsRegression.fit(x, y, names, spec.intercept());
    int off = spec.intercept() ? 1 : 0;
    List<Term> terms = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double mean = 0;
      for (int i = 0; i < n; i++) {
        min = Math.min(min, x[i][j]);
        max = Math.max(max, x[i][j]);
        mean += x[i][j];
      }
      terms.add(
          new Term(
              names.get(j),
              spec.variables().get(j).unit(),
              fit.coefficients()[off + j],
              FitStatistics.finite(fit.standardErrors()[off + j]),
              FitStatistics.finite(fit.tStatistics()[off + j]),
              FitStatistics.finite(fit.pValues()[off + j]),
              min,
              max,
              mean / n));
    }
    FitStatistics stats =
        new FitStatistics(
            n,
            fit.parameters(),
            fit.dfResidual(),
            fit.meanY(),
            fit.sse(),
            FitStatistics.finite(fit.r2()),
            FitStatistics.finite(fit.adjustedR2()),
            fit.residualStandardError(),
            FitStatistics.finite(fit.fStatistic()),
            FitStatistics.finite(fit.fPValue()),
            FitStatistics.finite(fit.cvRmsePercent()),
            FitStatistics.finite(fit.nmbePercent()));
    return model(
        spec,
        observations,
        BaselineModel.Kind.REGRESSION,
        spec.intercept() ? fit.coefficients()[0] : null,
        spec.intercept() ? FitStatistics.finite(fit.standardErrors()[0]) : null,
        spec.intercept() ? FitStatistics.finite(fit.pValues()[0]) : null,
        terms,
        stats,
        fit.unscaledCovariance());
  }

  /**
   * Intensity baseline: coefficient = Σ actual / Σ output over the base period (a ratio of totals,
   * not a regression through the origin, so the base period's total intensity is reproduced).
   */
  public static BaselineModel intensity(BaselineSpec spec, List<Observation> observations) {
    if (spec.variables().size() != 1) {
      throw new IllegalArgumentException(
          "variables: an intensity baseline needs exactly one output variable but has "
              + spec.variables().size());
    }
    double[][] x = matrix(spec, observations);
    double[] y = actuals(observations);
    int n = y.length;
    requireObservations(n, 1);
    double sumX = 0;
    double sumY = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      sumX += x[i][0];
      sumY += y[i];
      min = Math.min(min, x[i][0]);
      max = Math.max(max, x[i][0]);
    }
    String output = spec.variables().get(0).name();
    if (!(sumX > 0)) {
      throw new SingularDesignException(
          "variable '" + output + "' totals " + sumX + " in the base period; intensity needs > 0");
    }
    double c = sumY / sumX;
    double[] fitted = new double[n];
    for (int i = 0; i < n; i++) {
      fitted[i] = c * x[i][0];
    }
    Term term =
        new Term(output, spec.variables().get(0).unit(), c, null, null, null, min, max, sumX / n);
    return model(
        spec,
        observations,
        BaselineModel.Kind.INTENSITY,
        null,
        null,
        null,
        List.of(term),
        oneParameterStatistics(y, fitted),
        null);
  }

  /** Absolute baseline: the base-period mean per period. */
  public static BaselineModel absolute(BaselineSpec spec, List<Observation> observations) {
    double[] y = actuals(observations);
    int n = y.length;
    requireObservations(n, 1);
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double[] fitted = new double[n];
    java.util.Arrays.fill(fitted, mean);
    FitStatistics stats = oneParameterStatistics(y, fitted);
    return model(
        spec,
        observations,
        BaselineModel.Kind.ABSOLUTE,
        mean,
        stats.residualStandardError() / Math.sqrt(n),
        null,
        List.of(),
        stats,
        null);
  }

  private static FitStatistics oneParameterStatistics(double[] y, double[] fitted) {
    int n = y.length;
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double sse = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = y[i] - fitted[i];
      sse += e * e;
      sum += e;
    }
    int df = n - 1;
    double rse = Math.sqrt(sse / df);
    return new FitStatistics(
        n,
        1,
        df,
        mean,
        sse,
        null,
        null,
        rse,
        null,
        null,
        FitStatistics.finite(100 * rse / mean),
        FitStatistics.finite(100 * sum / (df * mean)));
  }

  private static BaselineModel model(
      BaselineSpec spec,
      List<Observation> observations,
      BaselineModel.Kind kind,
      Double intercept,
      Double interceptSe,
      Double interceptP,
      List<Term> terms,
      FitStatistics stats,
      double[][] covariance) {
    Instant start = observations.get(0).periodStart();
    Instant end = observations.get(0).periodEnd();
    for (Observation o : observations) {
      start = o.periodStart().isBefore(start) ? o.periodStart() : start;
      end = o.periodEnd().isAfter(end) ? o.periodEnd() : end;
    }
    return new BaselineModel(
        spec.id(),
        spec.version(),
        spec.site(),
        spec.target(),
        spec.metric(),
        spec.unit(),
        kind,
        spec.granularity(),
        start,
        end,
        intercept,
        interceptSe,
        interceptP,
        terms,
        stats,
        covariance,
        spec.reason());
  }

  private static void requireObservations(int n, int parameters) {
    if (n <= parameters) {
      throw new SingularDesignException(
          n
              + " observations for "
              + parameters
              + " parameter(s): need at least "
              + (parameters + 1));
    }
  }

  private static double[] actuals(List<Observation> observations) {
    double[] y = new double[observations.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = observations.get(i).actual();
    }
    return y;
  }

  private static double[][] matrix(BaselineSpec spec, List<Observation> observations) {
    int k = spec.variables().size();
    double[][] x = new double[observations.size()][k];
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      for (int j = 0; j < k; j++) {
        String name = spec.variables().get(j).name();
        Double v = o.variables().get(name);
        if (v == null || !Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "observations["
                  + i
                  + "] ("
                  + o.periodStart()
                  + "): variable '"
                  + name
                  + "' is "
                  + (v == null ? "missing" : "not finite"));
        }
        x[i][j] = v;
      }
    }
    return x;
  }
}
