package io.carbonwatch.core.wire;

/** Alert severity on the wire, lowest first (same spellings as the site model's Severity). */
public enum AlertSeverity {
  MINOR("minor"),
  MAJOR("major"),
  CRITICAL("critical");

  private final String wire;

  AlertSeverity(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static AlertSeverity fromWire(String text) {
    for (AlertSeverity s : values()) {
      if (s.wire.equals(text)) {
        return s;
      }
    }
    return null;
  }
}
