package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.baseline.DegreeDays;
import io.carbonwatch.core.emissions.EmissionCoefficient;
import io.carbonwatch.core.site.RelevantVariable;
import io.carbonwatch.jobs.model.MeterInterval;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.EmissionRate;
import io.carbonwatch.jobs.plan.SitePlan;
import io.carbonwatch.jobs.plan.Target;
import org.apache.flink.util.Collector;

/**
 * Turns one interval piece of a meter channel into its contributions to every series of the
 * roll-up: the meter, virtual meters, carbon sources, SEUs, the site and the organisation;
 * emissions per gas group and scope with the factor in force at the piece's start (core
 * coefficients, lineage attached); relevant variables (production, degree-days, averages).
 *
 * <p>Called inside the keyed meter operator ({@link MeterFunction}) rather than as an operator of
 * its own: the fan-out needs only the compiled plan, so running it where the piece is made saves
 * one network exchange of every piece.
 */
public final class Rollup {
  private static final double DAY_MS = 86_400_000.0;

  private Rollup() {}

  /** Emits the contributions of piece {@code p} of channel {@code c} of {@code plan}. */
  public static void fanOut(
      SitePlan plan, ChannelPlan c, MeterInterval p, Collector<SeriesAmount> out) {
    for (ChannelPlan.ActivityRoute r : c.activity()) {
      double amount = p.amount() * r.coefficient();
      for (Target t : r.targets()) {
        out.collect(series(plan, p, t, amount, null, null));
      }
    }
    for (ChannelPlan.EmissionRoute r : c.emissions()) {
      EmissionRate rate = r.rate();
      EmissionCoefficient coefficient = rate.at(p.startEpochMs());
      double kg = coefficient.tco2e(p.amount() * r.coefficient()) * 1000.0;
      EmissionRate.Split split = rate.split(coefficient);
      double[] shares = split.shares();
      double[] gas = new double[SeriesAmount.GAS_GROUPS];
      for (int i = 0; i < gas.length; i++) {
        gas[i] = kg * shares[i];
      }
      String lineage = split.lineage();
      for (Target t : r.targets()) {
        out.collect(series(plan, p, t, kg, gas, lineage));
      }
    }
    for (ChannelPlan.VariableRoute r : c.variables()) {
      out.collect(series(plan, p, r.target(), variableAmount(r.variable(), p), null, null));
    }
  }

  /**
   * Production is summed as is; degree-days use the piece's mean temperature (the integrated °C·h
   * over the piece's hours) weighted by the piece's share of a day; averages keep the integral,
   * which the window divides by its hours when it is written.
   */
  static double variableAmount(RelevantVariable v, MeterInterval p) {
    double hours = (p.endEpochMs() - p.startEpochMs()) / 3_600_000.0;
    double dayShare = (p.endEpochMs() - p.startEpochMs()) / DAY_MS;
    return switch (v.kind()) {
      case PRODUCTION, AVERAGE -> p.amount();
      case HEATING_DEGREE_DAYS ->
          DegreeDays.heating(p.amount() / hours, v.baseTemperatureC()) * dayShare;
      case COOLING_DEGREE_DAYS ->
          DegreeDays.cooling(p.amount() / hours, v.baseTemperatureC()) * dayShare;
    };
  }

  private static SeriesAmount series(
      SitePlan plan, MeterInterval p, Target t, double amount, double[] gas, String lineage) {
    boolean org = t.level() == io.carbonwatch.jobs.model.Level.ORGANISATION;
    String site = org ? plan.organisation() : p.site();
    return new SeriesAmount(
        t.key(),
        site,
        org ? plan.organisationZone().getId() : p.zone(),
        t.level(),
        t.id(),
        t.metric(),
        t.unit(),
        "piece",
        p.startEpochMs(),
        p.endEpochMs(),
        amount,
        gas,
        p.qualityMask(),
        lineage,
        1);
  }
}
