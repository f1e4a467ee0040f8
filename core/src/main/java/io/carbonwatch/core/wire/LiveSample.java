package io.carbonwatch.core.wire;

import java.time.Instant;

/** Per-SEU live power and emission rate on {@code cw/v1/{site}/live/{seu}} (QoS 0). */
public record LiveSample(
    String site,
    String seu,
    Instant time,
    double powerKw,
    double emissionRateKgCo2ePerH,
    Quality quality) {
  public LiveSample {
    Wire.segment("site", site);
    Wire.segment("seu", seu);
    Wire.required("time", time);
    Wire.required("quality", quality);
    if (!Double.isFinite(powerKw) || !Double.isFinite(emissionRateKgCo2ePerH)) {
      throw new IllegalArgumentException("powerKw/emissionRateKgCo2ePerH: expected finite numbers");
    }
  }
}
