package io.carbonwatch.core.site;

/**
 * How a relevant variable is aggregated over a period: production summed from a counter,
 * heating/cooling degree-days from a temperature, or the period average of a gauge.
 */
public enum VariableKind implements WireEnum {
  PRODUCTION("production", "产量"),
  HEATING_DEGREE_DAYS("heating_degree_days", "采暖度日数"),
  COOLING_DEGREE_DAYS("cooling_degree_days", "制冷度日数"),
  AVERAGE("average", "平均值");

  private final String wire;
  private final String zh;

  VariableKind(String wire, String zh) {
    this.wire = wire;
    this.zh = zh;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The Chinese term. */
  public String zh() {
    return zh;
  }
}
