package io.carbonwatch.jobs.functions;

import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.ParameterInput;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.plan.BaselinePlan;
import io.carbonwatch.jobs.plan.ParameterPlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each window total to every live baseline that uses it, as actual or as a variable, and (on
 * the side output {@link #PARAMETERS}) to every performance parameter that uses it, as numerator or
 * denominator. One router for both, so the totals cross one exchange rather than two.
 */
public final class PerformanceRouter
    extends BroadcastProcessFunction<SeriesAmount, ControlUpdate, PerfInput> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<ParameterInput> PARAMETERS =
      new OutputTag<>("parameters", TypeInformation.of(ParameterInput.class));

  private final PlanRegistry plans;

  public PerformanceRouter(PlanRegistry plans) {
    this.plans = plans;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
    // Compile the site model now rather than on the first window total, which would stall it.
    plans.validate();
  }

  /** Whether totals of {@code window} can be a baseline's period: hours, days and months. */
  public static boolean isBaselinePeriod(String window) {
    return "1h".equals(window) || "1d".equals(window) || "1mo".equals(window);
  }

  /**
   * The window sizes whose totals go to the router: the baselines' periods and the windows of the
   * parameters in {@code plans}' start-up model. Fixed when the job is built, so one-minute totals
   * (most of all totals) only cross the exchange when a parameter needs them; a parameter on a new
   * window size that arrives on the control topic is computed from the next start.
   */
  public static Set<String> routedWindows(PlanRegistry plans) {
    Set<String> windows = new TreeSet<>(List.of("1h", "1d", "1mo"));
    for (String site : plans.sites()) {
      for (ParameterPlan p : plans.plan(site).parameters()) {
        windows.add(p.window());
      }
    }
    return windows;
  }

  @Override
  public void processElement(SeriesAmount s, ReadOnlyContext ctx, Collector<PerfInput> out)
      throws Exception {
    plans.refreshIfChanged(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    SitePlan plan = plans.plan(s.site());
    if (plan == null) {
      return;
    }
    parameters(plan, s, ctx);
    if (!isBaselinePeriod(s.window())) {
      return;
    }
    for (BaselinePlan b : plan.baselines()) {
      if (!b.window().equals(s.window())) {
        continue;
      }
      String role = null;
      double value = s.amount();
      if (s.level() == b.level() && s.id().equals(b.targetId()) && s.metric().equals(b.metric())) {
        role = PerformanceEvaluator.ACTUAL;
        value *= b.actualScale();
      } else if (s.level() == Level.VARIABLE && b.baseline().relevantVariables().contains(s.id())) {
        role = s.id();
      }
      if (role != null) {
        out.collect(
            new PerfInput(
                s.site() + '|' + b.id(),
                s.site(),
                b.id(),
                role,
                s.window(),
                s.startEpochMs(),
                s.endEpochMs(),
                value,
                s.pieces()));
      }
    }
  }

  private static void parameters(SitePlan plan, SeriesAmount s, ReadOnlyContext ctx) {
    for (ParameterPlan p : plan.parameters()) {
      if (!p.window().equals(s.window())) {
        continue;
      }
      boolean numerator =
          s.level() == p.level() && s.id().equals(p.targetId()) && s.metric().equals(p.metric());
      boolean denominator =
          !numerator
              && p.per() != null
              && s.level() == Level.VARIABLE
              && s.id().equals(p.per())
              && s.metric().equals(p.perMetric());
      if (numerator || denominator) {
        ctx.output(
            PARAMETERS,
            new ParameterInput(
                s.site() + '|' + p.id() + '|' + s.startEpochMs(),
                s.site(),
                p.id(),
                p.kind(),
                p.targetId(),
                p.per(),
                p.unit(),
                s.window(),
                s.startEpochMs(),
                s.endEpochMs(),
                denominator,
                s.amount() * (numerator ? p.numeratorScale() : p.denominatorScale()),
                s.qualityMask()));
      }
    }
  }

  @Override
  public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<PerfInput> out)
      throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
    plans.controlChanged();
  }
}
