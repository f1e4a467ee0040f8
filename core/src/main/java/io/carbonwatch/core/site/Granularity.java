package io.carbonwatch.core.site;

/** Period of a baseline's data points. */
public enum Granularity implements WireEnum {
  HOUR("hour"),
  DAY("day"),
  MONTH("month");

  private final String wire;

  Granularity(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
