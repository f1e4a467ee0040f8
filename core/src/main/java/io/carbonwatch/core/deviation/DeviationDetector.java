package io.carbonwatch.core.deviation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The deviation state machine for one (rule, target): a pure function of (state, window result) to
 * (new state, optional event). The caller keeps {@link DetectorState} (Flink keyed state) and feeds
 * windows in time order. See {@code docs/baselines.md} for the rules.
 */
public final class DeviationDetector {

  /**
   * @param state state to keep
   * @param event the event this window caused, if any
   * @param ignored why the window did not count, if it did not (out of order, undefined measure)
   * @param measure the window's deviation in the rule's mode and direction (NaN if undefined)
   */
  public record Result(
      DetectorState state,
      Optional<DeviationEvent> event,
      Optional<String> ignored,
      double measure) {
    public Result {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(ignored, "ignored");
    }
  }

  private final DeviationRule rule;

  public DeviationDetector(DeviationRule rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  public DeviationRule rule() {
    return rule;
  }

  /** The window's deviation in the rule's mode and direction; NaN when it cannot be measured. */
  public double measure(WindowResult w) {
    double d = w.actual() - w.expected();
    double value =
        switch (rule.mode()) {
          case PERCENT -> w.expected() == 0 ? Double.NaN : 100 * d / Math.abs(w.expected());
          case ABSOLUTE -> d;
          case RESIDUAL_SE ->
              w.residualStandardError() == null || w.residualStandardError() == 0
                  ? Double.NaN
                  : d / w.residualStandardError();
        };
    return switch (rule.direction()) {
      case ABOVE -> value;
      case BELOW -> -value;
      case BOTH -> Math.abs(value);
    };
  }

  public Result apply(DetectorState state, WindowResult w) {
    long start = w.windowStart().toEpochMilli();
    long end = w.windowEnd().toEpochMilli();
    if (state.lastWindowEndMs() != Long.MIN_VALUE && start < state.lastWindowEndMs()) {
      return ignore(
          state,
          "window "
              + w.windowStart()
              + " starts before the end of the last window "
              + Instant.ofEpochMilli(state.lastWindowEndMs()),
          Double.NaN);
    }
    boolean gap = state.lastWindowEndMs() != Long.MIN_VALUE && start > state.lastWindowEndMs();
    double m = measure(w);
    if (Double.isNaN(m)) {
      // Undefined measure (expected 0 in percent mode, no RSE): neither evidence of a deviation nor
      // of recovery, so counters stand still; only the window position advances.
      return ignore(
          withLastEnd(state, end),
          "deviation of window "
              + w.windowStart()
              + " is undefined in "
              + rule.mode().name().toLowerCase(java.util.Locale.ROOT)
              + " mode (expected "
              + w.expected()
              + ", residual standard error "
              + w.residualStandardError()
              + ")",
          m);
    }
    Severity level = rule.severityFor(m);
    boolean significant = level != null;

    if (state.phase() != DetectorState.Phase.ACTIVE) {
      if (!significant) {
        return new Result(idle(end), Optional.empty(), Optional.empty(), m);
      }
      boolean continuing = state.phase() == DetectorState.Phase.PENDING && !gap;
      int run = continuing ? state.consecutiveSignificant() + 1 : 1;
      long first = continuing ? state.firstWindowStartMs() : start;
      if (run < rule.minConsecutiveWindows()) {
        return new Result(
            new DetectorState(DetectorState.Phase.PENDING, run, first, end, null, 0, 0),
            Optional.empty(),
            Optional.empty(),
            m);
      }
      DetectorState active =
          new DetectorState(DetectorState.Phase.ACTIVE, run, first, end, level, 0, 1);
      return new Result(
          active, Optional.of(event(DeviationEvent.Type.RAISED, active, w)), Optional.empty(), m);
    }

    // ACTIVE
    int run = significant ? (gap ? 1 : state.consecutiveSignificant() + 1) : 0;
    if (m < rule.clearThreshold()) {
      int clear = gap ? 1 : state.clearCount() + 1;
      if (clear >= rule.clearConsecutiveWindows()) {
        DetectorState closing =
            new DetectorState(
                DetectorState.Phase.ACTIVE,
                0,
                state.firstWindowStartMs(),
                end,
                state.severity(),
                clear,
                state.eventSeq() + 1);
        return new Result(
            idle(end),
            Optional.of(event(DeviationEvent.Type.CLEARED, closing, w)),
            Optional.empty(),
            m);
      }
      return new Result(
          new DetectorState(
              DetectorState.Phase.ACTIVE,
              0,
              state.firstWindowStartMs(),
              end,
              state.severity(),
              clear,
              state.eventSeq()),
          Optional.empty(),
          Optional.empty(),
          m);
    }
    if (significant && level.compareTo(state.severity()) > 0) {
      DetectorState escalated =
          new DetectorState(
              DetectorState.Phase.ACTIVE,
              run,
              state.firstWindowStartMs(),
              end,
              level,
              0,
              state.eventSeq() + 1);
      return new Result(
          escalated,
          Optional.of(event(DeviationEvent.Type.UPDATED, escalated, w)),
          Optional.empty(),
          m);
    }
    return new Result(
        new DetectorState(
            DetectorState.Phase.ACTIVE,
            run,
            state.firstWindowStartMs(),
            end,
            state.severity(),
            0,
            state.eventSeq()),
        Optional.empty(),
        Optional.empty(),
        m);
  }

  /** The id the alert of this state has (or would have once raised). */
  public String alertId(DetectorState state) {
    return DeviationEvent.alertId(
        rule.site(), rule.id(), rule.target(), Instant.ofEpochMilli(state.firstWindowStartMs()));
  }

  private DeviationEvent event(DeviationEvent.Type type, DetectorState s, WindowResult w) {
    int windows = type == DeviationEvent.Type.CLEARED ? 0 : s.consecutiveSignificant();
    return new DeviationEvent(
        type,
        alertId(s),
        s.eventSeq(),
        rule.site(),
        rule.id(),
        rule.target(),
        rule.targetKind(),
        rule.metric(),
        rule.unit(),
        s.severity(),
        w.windowStart(),
        w.windowEnd(),
        w.expected(),
        w.actual(),
        w.deviation(),
        w.deviationPercent(),
        windows,
        w.windowEnd(),
        DeviationMessages.format(rule, type, s.severity(), w, windows));
  }

  private static DetectorState idle(long lastEnd) {
    return new DetectorState(DetectorState.Phase.IDLE, 0, 0, lastEnd, null, 0, 0);
  }

  private static DetectorState withLastEnd(DetectorState s, long end) {
    return new DetectorState(
        s.phase(),
        s.consecutiveSignificant(),
        s.firstWindowStartMs(),
        end,
        s.severity(),
        s.clearCount(),
        s.eventSeq());
  }

  private static Result ignore(DetectorState state, String reason, double m) {
    return new Result(state, Optional.empty(), Optional.of(reason), m);
  }
}
