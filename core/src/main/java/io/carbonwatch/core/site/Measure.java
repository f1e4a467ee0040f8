package io.carbonwatch.core.site;

/** What a parameter, baseline or rule measures: energy or emissions (tCO2e). */
public enum Measure implements WireEnum {
  ENERGY("energy"),
  EMISSIONS("emissions");

  private final String wire;

  Measure(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
