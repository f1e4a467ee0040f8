package io.carbonwatch.jobs.model;

/**
 * A carbon performance parameter (6.1.4) over one window, in the parameter's unit.
 *
 * @param kind {@code total} or {@code intensity}
 * @param value the total, or numerator ÷ denominator; {@code NaN} for an intensity whose
 *     denominator is zero (nothing produced: no intensity, not an infinite one)
 * @param numerator the target's window total in the parameter's numerator unit
 * @param denominator the relevant variable's window total in the denominator unit, {@code NaN} for
 *     a total
 * @param qualityMask OR of the quality flags of both window totals
 * @param corrected this point replaces an earlier one after late data changed a window total
 */
public record ParameterPoint(
    String site,
    String parameter,
    String kind,
    String target,
    String per,
    String unit,
    String window,
    long startEpochMs,
    long endEpochMs,
    double value,
    double numerator,
    double denominator,
    int qualityMask,
    boolean corrected) {}
