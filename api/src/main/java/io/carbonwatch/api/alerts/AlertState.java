package io.carbonwatch.api.alerts;

import java.util.List;
import java.util.Map;

/**
 * The alert lifecycle of 9.1.1/10.1: open → acknowledged → investigating → resolved → closed, and
 * resolved → investigating when the effectiveness check shows the correction did not work. Each
 * transition lists the fields it requires (in addition to any already recorded).
 */
public enum AlertState {
  OPEN,
  ACKNOWLEDGED,
  INVESTIGATING,
  RESOLVED,
  CLOSED;

  private static final Map<AlertState, List<AlertState>> NEXT =
      Map.of(
          OPEN, List.of(ACKNOWLEDGED),
          ACKNOWLEDGED, List.of(INVESTIGATING),
          INVESTIGATING, List.of(RESOLVED),
          RESOLVED, List.of(CLOSED, INVESTIGATING),
          CLOSED, List.of());

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static AlertState fromWire(String s) {
    return valueOf(s.toUpperCase(java.util.Locale.ROOT));
  }

  public List<AlertState> next() {
    return NEXT.get(this);
  }

  public boolean canMoveTo(AlertState to) {
    return NEXT.get(this).contains(to);
  }

  /** Body fields (camelCase) required to enter {@code to} from {@code this}. */
  public List<String> requiredFor(AlertState to) {
    return switch (to) {
      case ACKNOWLEDGED -> List.of("assignee");
      case INVESTIGATING -> this == RESOLVED ? List.of("note") : List.of();
      case RESOLVED -> List.of("cause", "correction", "correctiveAction");
      case CLOSED -> List.of("effectivenessCheck", "closure");
      case OPEN -> List.of();
    };
  }
}
