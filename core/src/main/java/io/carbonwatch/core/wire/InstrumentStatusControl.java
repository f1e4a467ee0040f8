package io.carbonwatch.core.wire;

import java.util.List;

/** Calibration state of all instruments of a site on {@code control/instrument-status}. */
public record InstrumentStatusControl(List<InstrumentState> instruments) {
  public InstrumentStatusControl {
    instruments = List.copyOf(instruments);
  }
}
