package io.carbonwatch.core.site;

/**
 * A relevant variable (相关变量) of SEUs and baselines: production from a counter, or degree-days from
 * an outdoor temperature gauge.
 *
 * @param source the channel it is computed from
 * @param unit unit of the aggregated variable (e.g. pcs, K·d)
 * @param baseTemperatureC base temperature for degree-days (e.g. 18), null for other kinds
 */
public record RelevantVariable(
    String id,
    Names name,
    VariableKind kind,
    ChannelRef source,
    String unit,
    Double baseTemperatureC) {
  public RelevantVariable {
    Checks.id("variable.id", id);
    Checks.required("variable.name", name);
    Checks.required("variable.kind", kind);
    Checks.required("variable.source", source);
    Checks.required("variable.unit", unit);
    boolean degreeDays =
        kind == VariableKind.HEATING_DEGREE_DAYS || kind == VariableKind.COOLING_DEGREE_DAYS;
    if (degreeDays && baseTemperatureC == null) {
      throw new IllegalArgumentException("variable.baseTemperatureC: required for degree-days");
    }
    if (!degreeDays && baseTemperatureC != null) {
      throw new IllegalArgumentException("variable.baseTemperatureC: only for degree-days");
    }
  }
}
