package io.carbonwatch.core.site;

/**
 * Carbon performance parameter kind (6.1.4): an absolute total or an intensity per unit of a
 * relevant variable.
 */
public enum ParameterKind implements WireEnum {
  TOTAL("total", "总量"),
  INTENSITY("intensity", "强度");

  private final String wire;
  private final String zh;

  ParameterKind(String wire, String zh) {
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
