package io.carbonwatch.jobs.plan;

import io.carbonwatch.jobs.model.Level;

/** One series a piece contributes to. */
public record Target(Level level, String id, String metric, String unit) {}
