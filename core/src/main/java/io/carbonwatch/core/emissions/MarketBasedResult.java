package io.carbonwatch.core.emissions;

import java.util.List;
import java.util.Objects;

/**
 * Market-based emissions of an interval: the instruments used (the caller deducts {@code energyKwh}
 * from each instrument's remaining volume), the residual energy, and the total as an {@link
 * EmissionResult} whose lineage is the residual grid factor's.
 */
public record MarketBasedResult(
    EmissionResult total, List<InstrumentUse> instruments, double residualKwh) {

  public MarketBasedResult {
    Objects.requireNonNull(total, "total");
    instruments = List.copyOf(instruments);
    if (!(residualKwh >= 0)) {
      throw new IllegalArgumentException("residualKwh: expected >= 0; got " + residualKwh);
    }
  }
}
