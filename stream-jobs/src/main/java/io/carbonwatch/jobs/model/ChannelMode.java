package io.carbonwatch.jobs.model;

/** How a channel's values become interval amounts. */
public enum ChannelMode {
  /** Cumulative register: consumption = difference of readings (core CounterIntervalizer). */
  COUNTER,
  /** Each value is the consumption since the meter's previous reading. */
  DELTA,
  /**
   * Instantaneous rate integrated over time (core PowerIntegrator): kW → kWh where a meter has no
   * energy counter, °C → °C·h for degree-days and averages.
   */
  INTEGRATE,
  /** Carried on the live feed only (e.g. power where an energy counter exists). */
  LIVE_ONLY
}
