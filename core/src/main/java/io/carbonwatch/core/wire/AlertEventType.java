package io.carbonwatch.core.wire;

/** Lifecycle event of an alert on the alerts topic. */
public enum AlertEventType {
  RAISED("raised"),
  UPDATED("updated"),
  CLEARED("cleared");

  private final String wire;

  AlertEventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static AlertEventType fromWire(String text) {
    for (AlertEventType t : values()) {
      if (t.wire.equals(text)) {
        return t;
      }
    }
    return null;
  }
}
