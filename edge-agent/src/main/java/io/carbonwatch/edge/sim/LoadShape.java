package io.carbonwatch.edge.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Realistic plant load as a pure function of time: production runs two shifts (06:00–22:00) on
 * weekdays, a reduced Saturday, a skeleton Sunday; consumption = base load + a part proportional to
 * production. Ramps are smooth so that integrated energy looks like a real meter's.
 */
public final class LoadShape {
  private final ZoneId zone;
  private final double baseFraction;

  /**
   * @param baseFraction share of the nominal load drawn even without production (0..1)
   */
  public LoadShape(ZoneId zone, double baseFraction) {
    if (baseFraction < 0 || baseFraction > 1) {
      throw new IllegalArgumentException("baseFraction: expected 0..1, got " + baseFraction);
    }
    this.zone = zone;
    this.baseFraction = baseFraction;
  }

  /** Production rate as a share of full rate (0..1) at {@code t}. */
  public double production(Instant t) {
    ZonedDateTime z = t.atZone(zone);
    double hour = z.getHour() + z.getMinute() / 60.0 + z.getSecond() / 3600.0;
    double day = ramp(hour, 6.0, 22.0, 0.5);
    // the lunch and shift-change dips every plant shows
    day *= 1.0 - 0.25 * bump(hour, 12.0, 0.5) - 0.15 * bump(hour, 14.0, 0.25);
    double week =
        switch (z.getDayOfWeek()) {
          case SATURDAY -> 0.5;
          case SUNDAY -> 0.1;
          default -> 1.0;
        };
    if (z.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = Math.min(day, 0.5);
    }
    return day * week;
  }

  /** Load as a share of nominal (base + production-driven part) at {@code t}. */
  public double load(Instant t) {
    return baseFraction + (1.0 - baseFraction) * production(t);
  }

  /** 0 outside [from, to], 1 inside, with cosine ramps of {@code rampHours}. */
  private static double ramp(double h, double from, double to, double rampHours) {
    if (h <= from - rampHours || h >= to + rampHours) {
      return 0;
    }
    if (h < from + rampHours) {
      return 0.5 - 0.5 * Math.cos(Math.PI * (h - (from - rampHours)) / (2 * rampHours));
    }
    if (h > to - rampHours) {
      return 0.5 + 0.5 * Math.cos(Math.PI * (h - (to - rampHours)) / (2 * rampHours));
    }
    return 1;
  }

  private static double bump(double h, double center, double halfWidth) {
    double d = Math.abs(h - center);
    return d >= halfWidth ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * d / halfWidth);
  }
}
