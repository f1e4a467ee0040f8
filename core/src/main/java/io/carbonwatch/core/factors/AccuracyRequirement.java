package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.MeteringLevel;
import io.carbonwatch.core.units.Provenance;
import java.util.Objects;

/**
 * GB 17167 minimum accuracy class of an instrument.
 *
 * @param level the metering level it applies to, {@code null} when the table gives none
 * @param condition further condition (user class, medium, pipe size), empty when none
 */
public record AccuracyRequirement(
    String instrument,
    MeteringLevel level,
    String condition,
    String accuracyClass,
    Provenance provenance) {

  public AccuracyRequirement {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(accuracyClass, "accuracyClass");
    Objects.requireNonNull(provenance, "provenance");
  }
}
