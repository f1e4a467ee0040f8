package io.carbonwatch.core.deviation;

/**
 * Per (rule, target) state of the {@link DeviationDetector}: seven primitives/enums, so it is a few
 * bytes in Flink keyed state. The alert id is derived, not stored.
 *
 * @param phase idle, pending (significant windows seen, fewer than N) or active (alert raised)
 * @param consecutiveSignificant significant windows in a row up to the last window
 * @param firstWindowStartMs start (epoch ms) of the first significant window of the run/alert
 * @param lastWindowEndMs end (epoch ms) of the last accepted window, {@link Long#MIN_VALUE} if none
 * @param severity severity of the active alert (highest reached), null unless active
 * @param clearCount windows in a row under the clear threshold while active
 * @param eventSeq events emitted for the active alert so far
 */
public record DetectorState(
    Phase phase,
    int consecutiveSignificant,
    long firstWindowStartMs,
    long lastWindowEndMs,
    Severity severity,
    int clearCount,
    int eventSeq) {

  public enum Phase {
    IDLE,
    PENDING,
    ACTIVE
  }

  private static final DetectorState INITIAL =
      new DetectorState(Phase.IDLE, 0, 0, Long.MIN_VALUE, null, 0, 0);

  public DetectorState {
    if (phase == null) {
      throw new IllegalArgumentException("phase: must not be null");
    }
    if ((phase == Phase.ACTIVE) != (severity != null)) {
      throw new IllegalArgumentException("severity: set exactly when the phase is ACTIVE");
    }
  }

  public static DetectorState initial() {
    return INITIAL;
  }
}
