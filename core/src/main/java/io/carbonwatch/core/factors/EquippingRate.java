package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.units.Provenance;
import java.util.Objects;

/** GB 17167 required equipping rate: percent of required meters of an energy kind at a level. */
public record EquippingRate(
    String energy, MeteringLevel level, double requiredPercent, Provenance provenance) {

  public EquippingRate {
    Objects.requireNonNull(energy, "energy");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(provenance, "provenance");
    if (!(requiredPercent > 0 && requiredPercent <= 100)) {
      throw new IllegalArgumentException(
          "requiredPercent: expected a value in (0, 100]; got " + requiredPercent);
    }
  }
}
