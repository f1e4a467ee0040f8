package io.carbonwatch.core.site;

/** How a deviation is judged significant. */
public enum ThresholdMethod implements WireEnum {
  PERCENT("percent"),
  ABSOLUTE("absolute"),
  K_SIGMA("k_sigma");

  private final String wire;

  ThresholdMethod(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
