package io.carbonwatch.core.site;

/** Serial line parity. */
public enum Parity implements WireEnum {
  NONE("none"),
  EVEN("even"),
  ODD("odd");

  private final String wire;

  Parity(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
