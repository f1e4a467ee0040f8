package io.carbonwatch.core.emissions;

import java.time.Instant;
import java.util.Objects;

/**
 * Greenhouse gas removed by a sink inside the boundary (carbon sink, 碳汇; capture and storage) over
 * {@code [start, end)}. Stored as a positive amount; only a net total subtracts it.
 *
 * @param method how the removal was quantified (methodology, measurement), for the record
 */
public record Removal(String id, Instant start, Instant end, double removedTco2e, String method) {

  public Removal {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: expected non-blank text");
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(method, "method");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end: " + end + " is before start " + start);
    }
    if (!Double.isFinite(removedTco2e) || removedTco2e < 0) {
      throw new IllegalArgumentException(
          "removedTco2e: expected a positive amount (removals are stored positive); got "
              + removedTco2e);
    }
  }
}
