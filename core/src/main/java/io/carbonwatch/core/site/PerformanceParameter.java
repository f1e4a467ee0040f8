package io.carbonwatch.core.site;

/**
 * A carbon performance parameter (碳绩效参数, 6.1.4), e.g. site emissions in tCO2e or the intensity
 * tCO2e per unit of production.
 *
 * @param target id of the site, SEU, meter, virtual meter or source it is computed for
 * @param per relevant variable id for intensities, null for totals
 * @param unit display unit (e.g. tCO2e, tCO2e/pcs, kWh/pcs)
 */
public record PerformanceParameter(
    String id,
    Names name,
    ParameterKind kind,
    Measure measure,
    String target,
    String per,
    String unit,
    WindowSize window) {
  public PerformanceParameter {
    Checks.id("parameter.id", id);
    Checks.required("parameter.name", name);
    Checks.required("parameter.kind", kind);
    Checks.required("parameter.measure", measure);
    Checks.required("parameter.target", target);
    Checks.required("parameter.unit", unit);
    Checks.required("parameter.window", window);
    if (kind == ParameterKind.INTENSITY && per == null) {
      throw new IllegalArgumentException("parameter.per: required for intensity");
    }
    if (kind == ParameterKind.TOTAL && per != null) {
      throw new IllegalArgumentException("parameter.per: only for intensity");
    }
  }
}
