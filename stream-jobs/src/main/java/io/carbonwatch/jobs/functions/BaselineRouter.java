package io.carbonwatch.jobs.functions;

import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.PerfInput;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.plan.BaselinePlan;
import io.carbonwatch.jobs.plan.SitePlan;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/** Sends each window total to every live baseline that uses it, as actual or as a variable. */
public final class BaselineRouter
    extends BroadcastProcessFunction<SeriesAmount, ControlUpdate, PerfInput> {
  private static final long serialVersionUID = 1L;
  private final PlanRegistry plans;

  public BaselineRouter(PlanRegistry plans) {
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

  @Override
  public void processElement(SeriesAmount s, ReadOnlyContext ctx, Collector<PerfInput> out)
      throws Exception {
    if (!isBaselinePeriod(s.window())) {
      return;
    }
    plans.refresh(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    SitePlan plan = plans.plan(s.site());
    if (plan == null) {
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

  @Override
  public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<PerfInput> out)
      throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
  }
}
