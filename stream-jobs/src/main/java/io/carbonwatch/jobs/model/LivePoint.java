package io.carbonwatch.jobs.model;

/**
 * The newest rate of one meter channel on one SEU's live feed.
 *
 * @param key {@code site/seu}
 * @param source {@code meter/channel}
 * @param powerKw electric power in kW (coefficient applied), 0 for non-electric flows
 * @param emissionKgPerH emission rate in kgCO2e/h (coefficient applied)
 * @param receivedAtMs when the job received the reading (latency measurement)
 */
public record LivePoint(
    String key,
    String site,
    String seu,
    String source,
    long timeEpochMs,
    double powerKw,
    double emissionKgPerH,
    String quality,
    long receivedAtMs) {}
