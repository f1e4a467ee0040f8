package io.carbonwatch.core.counters;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Why an interval's amount is what it is; stored as a bit mask in state and records. */
public enum IntervalFlag {
  /** Part of the amount came from a reading pair spanning the interval boundary (pro-rated). */
  SPLIT(IntervalQuality.GOOD),
  /** The register wrapped at its maximum inside this interval; corrected exactly. */
  ROLLOVER(IntervalQuality.GOOD),
  /** The readings around this interval are further apart than the interpolation gap. */
  GAP(IntervalQuality.ESTIMATED),
  /** The register was reset to zero: consumption between the last reading and the reset is lost. */
  RESET(IntervalQuality.ESTIMATED),
  /** The meter was replaced (serial changed) inside this interval. */
  METER_REPLACED(IntervalQuality.GOOD),
  /** Part of the interval had no measurement (before the first reading, or between meters). */
  PARTIAL(IntervalQuality.INCOMPLETE),
  /** The register did not move for longer than the channel's frozen limit. */
  FROZEN(IntervalQuality.SUSPECT),
  /** A reading contributing to this interval had a quality other than good. */
  SOURCE_QUALITY(IntervalQuality.SUSPECT),
  /** The register went back by no more than the channel's backward tolerance; ignored. */
  BACKWARD(IntervalQuality.GOOD);

  private final IntervalQuality quality;

  IntervalFlag(IntervalQuality quality) {
    this.quality = quality;
  }

  public int bit() {
    return 1 << ordinal();
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The quality an interval carrying this flag has at best. */
  public IntervalQuality quality() {
    return quality;
  }

  public static Set<IntervalFlag> fromMask(int mask) {
    EnumSet<IntervalFlag> set = EnumSet.noneOf(IntervalFlag.class);
    for (IntervalFlag f : values()) {
      if ((mask & f.bit()) != 0) {
        set.add(f);
      }
    }
    return set;
  }

  public static IntervalQuality qualityOf(int mask) {
    IntervalQuality worst = IntervalQuality.GOOD;
    for (IntervalFlag f : values()) {
      if ((mask & f.bit()) != 0 && f.quality.ordinal() > worst.ordinal()) {
        worst = f.quality;
      }
    }
    return worst;
  }
}
