package io.carbonwatch.jobs.model;

/**
 * A window total routed to the baseline that needs it.
 *
 * @param key {@code site|baseline}
 * @param role {@code actual} or a relevant variable id
 * @param pieces one-minute pieces in the total (data coverage)
 */
public record PerfInput(
    String key,
    String site,
    String baseline,
    String role,
    String window,
    long startEpochMs,
    long endEpochMs,
    double value,
    long pieces) {}
