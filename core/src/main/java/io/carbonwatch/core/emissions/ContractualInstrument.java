package io.carbonwatch.core.emissions;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A contractual instrument for market-based scope 2: it covers up to {@code coveredKwh} of
 * consumption in {@code [validFrom, validTo)} at the emission rate stated by the instrument (0 for
 * a renewable certificate). The rate is the user's evidence, never a built-in number.
 *
 * @param coveredKwh electricity the instrument covers; {@link Double#POSITIVE_INFINITY} for a
 *     supplier-specific rate that applies to all supply
 * @param evidence certificate serials, contract number or supplier disclosure, for the record
 */
public record ContractualInstrument(
    String id,
    InstrumentType type,
    double coveredKwh,
    double tco2PerMwh,
    Instant validFrom,
    Instant validTo,
    String evidence)
    implements Serializable {

  public ContractualInstrument {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: expected non-blank text");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validTo, "validTo");
    Objects.requireNonNull(evidence, "evidence");
    if (Double.isNaN(coveredKwh) || coveredKwh <= 0) {
      throw new IllegalArgumentException("coveredKwh: expected > 0; got " + coveredKwh);
    }
    if (!Double.isFinite(tco2PerMwh) || tco2PerMwh < 0) {
      throw new IllegalArgumentException(
          "tco2PerMwh: expected a finite value >= 0; got " + tco2PerMwh);
    }
    if (!validTo.isAfter(validFrom)) {
      throw new IllegalArgumentException(
          "validTo: " + validTo + " must be after validFrom " + validFrom);
    }
  }

  public boolean validAt(Instant at) {
    return !at.isBefore(validFrom) && at.isBefore(validTo);
  }
}
