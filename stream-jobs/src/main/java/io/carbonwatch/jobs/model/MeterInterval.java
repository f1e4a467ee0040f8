package io.carbonwatch.jobs.model;

/**
 * Consumption (or integrated value) of one meter channel over one interval piece, out of the core
 * intervalizer. Amounts are in the channel's unit (rates integrated to unit·h).
 *
 * @param qualityMask {@code io.carbonwatch.core.counters.IntervalFlag} bits
 * @param corrections counter rollovers, resets and replacements recorded in this piece
 */
public record MeterInterval(
    String site,
    String zone,
    String meter,
    String channel,
    String quantity,
    String unit,
    ChannelMode mode,
    long startEpochMs,
    long endEpochMs,
    double amount,
    int qualityMask,
    int corrections) {}
