package io.carbonwatch.core.wire;

/** State in {@link AgentStatus}. */
public enum AgentState {
  ONLINE("online"),
  OFFLINE("offline");

  private final String wire;

  AgentState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static AgentState fromWire(String text) {
    for (AgentState s : values()) {
      if (s.wire.equals(text)) {
        return s;
      }
    }
    return null;
  }
}
