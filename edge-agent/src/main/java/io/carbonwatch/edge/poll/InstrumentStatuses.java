package io.carbonwatch.edge.poll;

import io.carbonwatch.core.wire.InstrumentState;
import io.carbonwatch.core.wire.InstrumentStatusControl;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live calibration state of the site's instruments, from the newest retained {@code
 * cw/v1/{site}/control/instrument-status} message the agent received (published by the API whenever
 * a calibration check is recorded or an instrument becomes overdue).
 *
 * <p>A message carries the site's whole instrument ledger, so each accepted message replaces the
 * previous state: an instrument it does not list has no live state, and the {@link QualityAssessor}
 * falls back to the site model for it. Until the first message arrives there is no live state at
 * all. Written by the MQTT client's thread, read by the gateway workers: the state is an immutable
 * map behind a volatile reference.
 */
public final class InstrumentStatuses {
  private volatile Map<String, InstrumentState> byId = Map.of();

  /** Replaces the state with that of the message (the site's complete ledger). */
  public void replace(InstrumentStatusControl control) {
    Map<String, InstrumentState> next = new LinkedHashMap<>();
    for (InstrumentState s : control.instruments()) {
      next.put(s.id(), s); // the last entry of a repeated id wins
    }
    byId = Map.copyOf(next);
  }

  /** The live state of the instrument (meter id), or null when the newest message lacks it. */
  public InstrumentState of(String meterId) {
    return byId.get(meterId);
  }

  /** Instruments with a live state. */
  public int size() {
    return byId.size();
  }
}
