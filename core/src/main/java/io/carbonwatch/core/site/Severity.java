package io.carbonwatch.core.site;

/** Alert severity, lowest first. */
public enum Severity implements WireEnum {
  MINOR("minor", "一般"),
  MAJOR("major", "严重"),
  CRITICAL("critical", "紧急");

  private final String wire;
  private final String zh;

  Severity(String wire, String zh) {
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
