package io.carbonwatch.jobs.model;

import java.util.Objects;

/**
 * An amount of one series over one period: a one-minute piece coming out of the roll-up, a window
 * total, or (on the cascade between window sizes) the change of a window total.
 *
 * <p>Sign convention: consumption and emissions are positive; a removal is its own series with a
 * positive amount. A change ({@code delta}) may be negative when a late reading lowers a total.
 *
 * @param key {@code site|level|id|metric}, the key the windows are keyed by
 * @param site site id
 * @param zone the site's IANA time zone; days are local days in this zone
 * @param level roll-up level
 * @param id meter/source/SEU/variable/site/organisation id
 * @param metric the quantity ({@code electricity}, {@code natural_gas}, {@code production}, …) or
 *     {@code emissions.scope1}, {@code emissions.scope2}, … for emission series
 * @param unit unit of {@link #amount()} ({@code kWh}, {@code Nm3}, {@code kgCO2e}, …)
 * @param window {@code piece}, {@code 1m}, {@code 15m}, {@code 1h}, {@code 1d}
 * @param startEpochMs period start, inclusive
 * @param endEpochMs period end, exclusive
 * @param amount activity (or variable) amount, or total kgCO2e for emission series
 * @param gasCo2eKg emission series only: kgCO2e per {@code io.carbonwatch.core.factors.GasGroup},
 *     else {@code null}
 * @param qualityMask OR of {@code io.carbonwatch.core.counters.IntervalFlag} bits of every piece
 * @param lineage emission series only: factor ids/versions and GWP set, {@code ;}-separated
 * @param pieces how many one-minute pieces contributed
 */
public record SeriesAmount(
    String key,
    String site,
    String zone,
    Level level,
    String id,
    String metric,
    String unit,
    String window,
    long startEpochMs,
    long endEpochMs,
    double amount,
    double[] gasCo2eKg,
    int qualityMask,
    String lineage,
    long pieces) {

  /** Length of {@link #gasCo2eKg()}: one entry per core {@code GasGroup}, in its order. */
  public static final int GAS_GROUPS = io.carbonwatch.core.factors.GasGroup.values().length;

  public SeriesAmount {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(level, "level");
    if (endEpochMs <= startEpochMs) {
      throw new IllegalArgumentException("endEpochMs: must be after startEpochMs for " + key);
    }
  }

  public static String keyOf(String site, Level level, String id, String metric) {
    return site + '|' + level.tag() + '|' + id + '|' + metric;
  }

  public boolean isEmissions() {
    return gasCo2eKg != null;
  }

  public SeriesAmount withPeriod(String window, long startEpochMs, long endEpochMs) {
    return new SeriesAmount(
        key,
        site,
        zone,
        level,
        id,
        metric,
        unit,
        window,
        startEpochMs,
        endEpochMs,
        amount,
        gasCo2eKg,
        qualityMask,
        lineage,
        pieces);
  }

  public SeriesAmount withAmounts(double amount, double[] gasCo2eKg, long pieces) {
    return new SeriesAmount(
        key,
        site,
        zone,
        level,
        id,
        metric,
        unit,
        window,
        startEpochMs,
        endEpochMs,
        amount,
        gasCo2eKg,
        qualityMask,
        lineage,
        pieces);
  }
}
