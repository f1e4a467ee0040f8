package io.carbonwatch.core.counters;

/**
 * State of the {@link PowerIntegrator} for one channel; primitives only.
 *
 * @param started whether a sample has been accepted
 * @param lastTimeMs epoch ms of the last accepted sample
 * @param lastRatePerHour rate of the last accepted sample
 * @param openStartMs start of the open interval
 * @param openAmount energy integrated so far in the open interval (channel unit)
 * @param openFlagMask {@link IntervalFlag} bits gathered in the open interval
 */
public record PowerIntegratorState(
    boolean started,
    long lastTimeMs,
    double lastRatePerHour,
    long openStartMs,
    double openAmount,
    int openFlagMask) {
  public static PowerIntegratorState initial() {
    return new PowerIntegratorState(false, 0, 0, 0, 0, 0);
  }
}
