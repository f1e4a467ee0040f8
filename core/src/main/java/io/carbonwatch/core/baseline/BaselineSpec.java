package io.carbonwatch.core.baseline;

import java.util.List;
import java.util.Objects;

/**
 * What to fit: identity, unit and relevant variables of a baseline.
 *
 * @param id baseline id
 * @param version version to assign
 * @param site site id
 * @param target SEU or meter group id
 * @param metric modelled quantity
 * @param unit unit of the modelled quantity
 * @param granularity period length of the observations
 * @param variables relevant variables (for an intensity baseline: the one output variable)
 * @param intercept whether a regression estimates an intercept
 * @param reason why the baseline is created or adjusted
 */
public record BaselineSpec(
    String id,
    int version,
    String site,
    String target,
    String metric,
    String unit,
    Granularity granularity,
    List<Variable> variables,
    boolean intercept,
    String reason) {

  /**
   * @param name variable name as in observations
   * @param unit variable unit
   */
  public record Variable(String name, String unit) {
    public Variable {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("variables[].name: must not be blank");
      }
      Objects.requireNonNull(unit, "variables[].unit");
    }
  }

  public BaselineSpec {
    Objects.requireNonNull(granularity, "granularity");
    variables = List.copyOf(variables);
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: a baseline needs a recorded reason (6.1.5)");
    }
  }
}
