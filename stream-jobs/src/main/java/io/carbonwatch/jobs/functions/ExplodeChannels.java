package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.ChannelSample;
import io.carbonwatch.jobs.model.LivePoint;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.time.Duration;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One {@link ChannelSample} per value of a reading, stamped with its channel plan (mode, register
 * maximum, frozen-after, serial) so the keyed interval builder needs no lookups.
 */
public final class ExplodeChannels
    extends BroadcastProcessFunction<Reading, ControlUpdate, ChannelSample> {
  private static final long serialVersionUID = 1L;
  public static final org.apache.flink.util.OutputTag<LivePoint> LIVE =
      new org.apache.flink.util.OutputTag<>(
          "live", org.apache.flink.api.common.typeinfo.TypeInformation.of(LivePoint.class));
  private final PlanRegistry plans;
  private final long intervalMs;

  public ExplodeChannels(PlanRegistry plans, Duration interval) {
    this.plans = plans;
    this.intervalMs = interval.toMillis();
  }

  @Override
  public void processElement(Reading r, ReadOnlyContext ctx, Collector<ChannelSample> out)
      throws Exception {
    plans.refresh(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    SitePlan plan = plans.plan(r.site());
    if (plan == null) {
      return;
    }
    String zone = plan.zone().getId();
    long t = r.time().toEpochMilli();
    for (ReadingValue v : r.values()) {
      ChannelPlan c = plan.channel(r.meter(), v.channel());
      if (c == null) {
        continue;
      }
      if (!c.live().isEmpty() && v.value() != null) {
        emitLive(r, v, c, ctx, receivedAtMs(r));
      }
      // A gap longer than three polls is flagged / not integrated.
      long maxGap = Math.max(3 * c.pollIntervalMs(), 3 * intervalMs);
      out.collect(
          new ChannelSample(
              r.site(),
              zone,
              r.meter(),
              c.serial(),
              v.channel(),
              c.quantity(),
              c.unit(),
              c.mode(),
              intervalMs,
              c.registerMax(),
              c.frozenAfterMs(),
              maxGap,
              r.seq(),
              t,
              v.value() == null ? Double.NaN : v.value(),
              v.quality().wire(),
              receivedAtMs(r)));
    }
  }

  /** Readings carry no arrival time; the live feed's latency is measured from the poll time. */
  private static long receivedAtMs(Reading r) {
    return System.currentTimeMillis();
  }

  private static void emitLive(
      Reading r, ReadingValue v, ChannelPlan c, ReadOnlyContext ctx, long receivedAtMs) {
    long t = r.time().toEpochMilli();
    for (ChannelPlan.LiveRoute route : c.live()) {
      double rate = v.value() * route.coefficient();
      double kw = rate * route.toKw();
      double kgPerH = 0;
      if (route.rate() != null) {
        // kW × t/kWh = t/h; Nm3/h × t/Nm3 = t/h.
        double perHour = route.toKw() > 0 ? kw : rate;
        kgPerH = route.rate().at(t).tco2e(perHour) * 1000.0;
      }
      ctx.output(
          LIVE,
          new LivePoint(
              r.site() + '/' + route.seu(),
              r.site(),
              route.seu(),
              r.meter() + '/' + v.channel(),
              t,
              kw,
              kgPerH,
              v.quality().wire(),
              receivedAtMs));
    }
  }

  @Override
  public void processBroadcastElement(
      ControlUpdate update, Context ctx, Collector<ChannelSample> out) throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
  }
}
