package io.carbonwatch.jobs.plan;

import io.carbonwatch.jobs.model.Level;
import java.util.Objects;

/**
 * One series a piece contributes to.
 *
 * @param key the series key ({@code SeriesAmount.keyOf}), made once when the plan is compiled: the
 *     roll-up hands it to every piece of the series, so the piece combiner and the windows see one
 *     instance per series
 */
public record Target(Level level, String id, String metric, String unit, String key) {
  public Target {
    Objects.requireNonNull(key, "key");
  }
}
