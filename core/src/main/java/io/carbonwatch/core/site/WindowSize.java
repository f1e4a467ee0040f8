package io.carbonwatch.core.site;

import java.time.Duration;

/** The aggregation windows of the stream jobs; days follow the site's time zone. */
public enum WindowSize implements WireEnum {
  M1("1m", Duration.ofMinutes(1)),
  M15("15m", Duration.ofMinutes(15)),
  H1("1h", Duration.ofHours(1)),
  D1("1d", Duration.ofDays(1));

  private final String wire;
  private final Duration duration;

  WindowSize(String wire, Duration duration) {
    this.wire = wire;
    this.duration = duration;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Nominal length (a local day may be 23 or 25 hours where daylight saving applies). */
  public Duration duration() {
    return duration;
  }
}
