package io.carbonwatch.edge.poll;

import io.carbonwatch.core.wire.Quality;

/**
 * What one poll got for one channel: a value in the channel's unit, or the failure (timeout or
 * device exception with its code) and no value.
 */
public record FieldOutcome(Double value, Quality failure, Integer exceptionCode) {
  public static FieldOutcome value(double v) {
    return new FieldOutcome(v, null, null);
  }

  public static FieldOutcome failed(Quality q, Integer code) {
    return new FieldOutcome(null, q, code);
  }

  public boolean ok() {
    return failure == null;
  }
}
