package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An approved carbon/energy baseline (standard clause 6.1.5): what is expected for a target in one
 * period given the relevant variables. Serialises to JSON (see {@link BaselineModelCodec}) so the
 * API stores it and the stream job receives it on {@code cw/v1/{site}/control/baselines}.
 *
 * <ul>
 *   <li>{@link Kind#REGRESSION}: expected = intercept + Σ coefficient·variable (OLS);
 *   <li>{@link Kind#INTENSITY}: expected = coefficient · output, coefficient = Σ actual / Σ output
 *       of the base period (energy or emissions per unit of output);
 *   <li>{@link Kind#ABSOLUTE}: expected = the base-period mean per period ({@code intercept}).
 * </ul>
 *
 * @param id baseline id (stable across versions)
 * @param version version, increasing with every adjustment
 * @param site site id
 * @param target what is modelled (an SEU, a meter group, the site)
 * @param metric the modelled quantity ({@code energy}, {@code emissions}, …)
 * @param unit unit of the modelled quantity per period ({@code kWh}, {@code tCO2e})
 * @param kind model kind
 * @param granularity the period length the model was fitted on and predicts for
 * @param basePeriodStart start of the base period (inclusive)
 * @param basePeriodEnd end of the base period (exclusive)
 * @param intercept the intercept, or null for a model through the origin
 * @param interceptStandardError standard error of the intercept (REGRESSION with intercept)
 * @param interceptPValue p-value of the intercept (REGRESSION with intercept)
 * @param terms relevant variables in model order
 * @param statistics goodness-of-fit over the base period
 * @param unscaledCovariance (XᵀX)⁻¹ of a REGRESSION (intercept first), for prediction errors
 * @param reason why this version exists (creation or adjustment reason, clause 6.1.5)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BaselineModel(
    String id,
    int version,
    String site,
    String target,
    String metric,
    String unit,
    Kind kind,
    Granularity granularity,
    @JsonSerialize(using = InstantJson.Serializer.class)
        @JsonDeserialize(using = InstantJson.Deserializer.class)
        Instant basePeriodStart,
    @JsonSerialize(using = InstantJson.Serializer.class)
        @JsonDeserialize(using = InstantJson.Deserializer.class)
        Instant basePeriodEnd,
    Double intercept,
    Double interceptStandardError,
    Double interceptPValue,
    List<Term> terms,
    FitStatistics statistics,
    double[][] unscaledCovariance,
    String reason) {

  public enum Kind {
    REGRESSION,
    INTENSITY,
    ABSOLUTE
  }

  public BaselineModel {
    requireText(id, "id");
    if (version < 1) {
      throw new IllegalArgumentException("version: must be >= 1 but was " + version);
    }
    requireText(site, "site");
    requireText(target, "target");
    requireText(metric, "metric");
    requireText(unit, "unit");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(basePeriodStart, "basePeriodStart");
    Objects.requireNonNull(basePeriodEnd, "basePeriodEnd");
    if (!basePeriodEnd.isAfter(basePeriodStart)) {
      throw new IllegalArgumentException("basePeriodEnd: must be after basePeriodStart");
    }
    terms = List.copyOf(terms == null ? List.of() : terms);
    Objects.requireNonNull(statistics, "statistics");
    Set<String> seen = new HashSet<>();
    for (Term t : terms) {
      if (!seen.add(t.variable())) {
        throw new IllegalArgumentException("terms: variable '" + t.variable() + "' twice");
      }
    }
    switch (kind) {
      case REGRESSION -> {
        int p = terms.size() + (intercept == null ? 0 : 1);
        if (p == 0) {
          throw new IllegalArgumentException("terms: a regression needs an intercept or a term");
        }
        if (unscaledCovariance == null || unscaledCovariance.length != p) {
          throw new IllegalArgumentException(
              "unscaledCovariance: a regression needs a " + p + "×" + p + " matrix");
        }
        for (double[] row : unscaledCovariance) {
          if (row == null || row.length != p) {
            throw new IllegalArgumentException(
                "unscaledCovariance: a regression needs a " + p + "×" + p + " matrix");
          }
        }
      }
      case INTENSITY -> {
        if (terms.size() != 1 || intercept != null) {
          throw new IllegalArgumentException(
              "terms: an intensity baseline has exactly one output variable and no intercept");
        }
      }
      case ABSOLUTE -> {
        if (!terms.isEmpty() || intercept == null) {
          throw new IllegalArgumentException(
              "intercept: an absolute baseline is a constant (intercept) without terms");
        }
      }
      default -> throw new IllegalArgumentException("kind: " + kind);
    }
  }

  /** Names of the variables a prediction needs. */
  @JsonIgnore
  public List<String> variables() {
    return terms.stream().map(Term::variable).toList();
  }

  /**
   * Expected value for one period with the given variable values. Variables outside the fitted
   * range are predicted anyway (the caller decides) and reported in {@link Prediction#warnings()}.
   *
   * @throws IllegalArgumentException a variable is missing or not finite (naming it)
   */
  public Prediction predict(Map<String, Double> values) {
    double expected = intercept == null ? 0 : intercept;
    List<RangeWarning> warnings = new ArrayList<>(0);
    int off = intercept == null ? 0 : 1;
    double[] x0 = new double[terms.size() + off];
    if (off == 1) {
      x0[0] = 1;
    }
    for (int j = 0; j < terms.size(); j++) {
      Term t = terms.get(j);
      Double v = values.get(t.variable());
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "baseline "
                + id
                + " v"
                + version
                + ": variable '"
                + t.variable()
                + "' is "
                + (v == null ? "missing" : "not finite (" + v + ")"));
      }
      x0[off + j] = v;
      expected += t.coefficient() * v;
      if (v < t.fittedMin() || v > t.fittedMax()) {
        warnings.add(new RangeWarning(t.variable(), t.unit(), v, t.fittedMin(), t.fittedMax()));
      }
    }
    double s = statistics.residualStandardError();
    Double seFit = null;
    Double sePrediction = s;
    if (kind == Kind.REGRESSION) {
      double q = 0;
      for (int r = 0; r < x0.length; r++) {
        for (int c = 0; c < x0.length; c++) {
          q += x0[r] * unscaledCovariance[r][c] * x0[c];
        }
      }
      q = Math.max(q, 0);
      seFit = s * Math.sqrt(q);
      sePrediction = s * Math.sqrt(1 + q);
    } else if (kind == Kind.ABSOLUTE) {
      seFit = s / Math.sqrt(statistics.n());
      sePrediction = s * Math.sqrt(1 + 1.0 / statistics.n());
    }
    return new Prediction(expected, seFit, sePrediction, warnings);
  }

  /** A new version of this model with its adjustment reason (clause 6.1.5). */
  public BaselineModel withVersion(int newVersion, String newReason) {
    requireText(newReason, "reason");
    return new BaselineModel(
        id,
        newVersion,
        site,
        target,
        metric,
        unit,
        kind,
        granularity,
        basePeriodStart,
        basePeriodEnd,
        intercept,
        interceptStandardError,
        interceptPValue,
        terms,
        statistics,
        unscaledCovariance,
        newReason);
  }

  private static void requireText(String v, String field) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
  }
}
