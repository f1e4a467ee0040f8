package io.carbonwatch.jobs.plan;

import io.carbonwatch.core.deviation.DeviationRule;
import io.carbonwatch.core.site.Baseline;
import io.carbonwatch.jobs.model.Level;
import java.util.List;

/**
 * A baseline the job evaluates live: which window series is its actual value, which variables feed
 * its model, and the deviation rules (core form) watching it.
 *
 * @param site the site the baseline belongs to (baseline ids are unique within a site only)
 * @param window {@code 1h}, {@code 1d} or {@code 1mo}: the window total that is the baseline's
 *     period (hourly, daily and monthly baselines, months in the site's calendar)
 * @param actualScale multiplies the window total into the baseline's unit (kgCO2e → tCO2e)
 * @param coverageChannels continuously metered channels (counters, integrated rates) that feed the
 *     actual series: a window is complete when it has this many one-minute pieces per minute
 */
public record BaselinePlan(
    String site,
    Baseline baseline,
    String window,
    Level level,
    String targetId,
    String metric,
    String unit,
    double actualScale,
    int coverageChannels,
    List<DeviationRule> rules) {

  public String id() {
    return baseline.id();
  }
}
