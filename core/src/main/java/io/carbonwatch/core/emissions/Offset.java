package io.carbonwatch.core.emissions;

import java.time.Instant;
import java.util.Objects;

/**
 * Carbon credits retired against the organisation's emissions (CCER, …). Stored as a positive
 * amount; only a net total subtracts it. Offsets are not reductions: gross emissions stay as they
 * are.
 *
 * @param scheme crediting scheme ({@code CCER}, …)
 * @param serial registry serial numbers of the retired units
 */
public record Offset(String id, String scheme, String serial, Instant retiredAt, double tco2e) {

  public Offset {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: expected non-blank text");
    }
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(retiredAt, "retiredAt");
    if (!Double.isFinite(tco2e) || tco2e < 0) {
      throw new IllegalArgumentException(
          "tco2e: expected a positive amount (offsets are stored positive); got " + tco2e);
    }
  }
}
