package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One acceptance rule for a baseline model, e.g. "CV(RMSE) at most 15 % for monthly models".
 * Thresholds come from data ({@code baseline-criteria.yaml}) or the site model, never from code.
 *
 * @param id gate id (e.g. {@code g14-monthly-cv-rmse})
 * @param gateSet the set the gate belongs to (e.g. {@code ashrae-g14})
 * @param metric what is compared
 * @param comparison how it is compared with the threshold
 * @param threshold the threshold, in the metric's unit (percent or plain number)
 * @param granularity the model granularity the gate applies to, or null for every granularity
 * @param source where the threshold comes from
 * @param verification how well the source was verified (primary, secondary, …)
 */
public record ValidityGate(
    String id,
    String gateSet,
    Metric metric,
    Comparison comparison,
    double threshold,
    Granularity granularity,
    String source,
    String verification) {

  /** Quantities a gate can test. */
  public enum Metric {
    CV_RMSE_PERCENT,
    ABS_NMBE_PERCENT,
    R2,
    ADJUSTED_R2,
    MODEL_F_P_VALUE,
    /** The largest p-value among the variables (each variable must pass). */
    MAX_VARIABLE_P_VALUE,
    /** The smallest p-value among the variables (at least one variable must pass). */
    MIN_VARIABLE_P_VALUE;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Metric fromCode(String code) {
      for (Metric m : values()) {
        if (m.code().equals(code)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "metric: expected one of cv_rmse_percent, abs_nmbe_percent, r2, adjusted_r2,"
              + " model_f_p_value, max_variable_p_value, min_variable_p_value but was '"
              + code
              + "'");
    }
  }

  public enum Comparison {
    AT_MOST("≤"),
    LESS_THAN("<"),
    AT_LEAST("≥"),
    GREATER_THAN(">");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean test(double value, double threshold) {
      return switch (this) {
        case AT_MOST -> value <= threshold;
        case LESS_THAN -> value < threshold;
        case AT_LEAST -> value >= threshold;
        case GREATER_THAN -> value > threshold;
      };
    }

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Comparison fromCode(String code) {
      for (Comparison c : values()) {
        if (c.code().equals(code)) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "comparison: expected one of at_most, less_than, at_least, greater_than but was '"
              + code
              + "'");
    }
  }

  public ValidityGate {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    Objects.requireNonNull(gateSet, "gateSet");
    Objects.requireNonNull(metric, id + ".metric");
    Objects.requireNonNull(comparison, id + ".comparison");
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(id + ".threshold: must be finite");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException(id + ".source: every threshold needs its source");
    }
    Objects.requireNonNull(verification, id + ".verification");
  }

  /** A copy with another threshold (site-specific tightening), keeping the gate's identity. */
  public ValidityGate withThreshold(double newThreshold, String newSource) {
    return new ValidityGate(
        id, gateSet, metric, comparison, newThreshold, granularity, newSource, verification);
  }
}
