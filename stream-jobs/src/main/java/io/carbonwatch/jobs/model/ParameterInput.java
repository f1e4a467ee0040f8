package io.carbonwatch.jobs.model;

/**
 * A window total routed to a performance parameter, already in the parameter's unit.
 *
 * @param key {@code site|parameter|windowStartEpochMs}: one parameter value per key
 * @param denominator {@code false}: the numerator (the target's total); {@code true}: the relevant
 *     variable an intensity divides by
 * @param value the window total × the parameter's scale for this side
 * @param qualityMask the window total's quality flags (core {@code IntervalFlag} bits)
 */
public record ParameterInput(
    String key,
    String site,
    String parameter,
    String kind,
    String target,
    String per,
    String unit,
    String window,
    long startEpochMs,
    long endEpochMs,
    boolean denominator,
    double value,
    int qualityMask) {}
