package io.carbonwatch.core.wire;

/** The retained control topics {@code cw/v1/{site}/control/{kind}}. */
public enum ControlKind {
  SITE_MODEL("site-model"),
  BASELINES("baselines"),
  INSTRUMENT_STATUS("instrument-status"),
  FACTORS("factors");

  private final String wire;

  ControlKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static ControlKind fromWire(String text) {
    for (ControlKind k : values()) {
      if (k.wire.equals(text)) {
        return k;
      }
    }
    return null;
  }
}
