package io.carbonwatch.core.emissions;

/** How much of an interval's electricity an instrument covered, and the emissions at its rate. */
public record InstrumentUse(String instrumentId, double energyKwh, double tco2e) {

  public InstrumentUse {
    if (!(energyKwh >= 0) || !(tco2e >= 0)) {
      throw new IllegalArgumentException(
          "energyKwh/tco2e: expected >= 0; got " + energyKwh + "/" + tco2e);
    }
  }
}
