package io.carbonwatch.core.factors;

import io.carbonwatch.core.units.Provenance;
import java.util.Objects;

/** The 100-year GWP of a gas in a set: tCO2e per tonne of the gas. */
public record GwpValue(Gas gas, GwpSet set, double tco2ePerT, Provenance provenance) {

  public GwpValue {
    Objects.requireNonNull(gas, "gas");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(provenance, "provenance");
    if (!Double.isFinite(tco2ePerT) || tco2ePerT <= 0) {
      throw new IllegalArgumentException("tco2ePerT: expected > 0; got " + tco2ePerT);
    }
  }
}
