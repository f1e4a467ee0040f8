package io.carbonwatch.core.site;

/** Which deviations count: actual above expected, below, or both. */
public enum Direction implements WireEnum {
  ABOVE("above"),
  BELOW("below"),
  BOTH("both");

  private final String wire;

  Direction(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
