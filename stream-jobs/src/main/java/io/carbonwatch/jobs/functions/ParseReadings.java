package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.core.wire.WireFormatException;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes readings with the core codec and checks them against the topic and the site model (site,
 * meter, channel, unit). Anything wrong goes to the dead-letter side output with a reason that
 * names the field and the meter; nothing is dropped silently.
 */
public final class ParseReadings
    extends BroadcastProcessFunction<MqttMessageRecord, ControlUpdate, Reading> {
  private static final long serialVersionUID = 1L;
  public static final String COMPONENT = "stream-job";
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final PlanRegistry plans;
  private transient Counter deadLetters;
  private transient Counter parsed;

  public ParseReadings(PlanRegistry plans) {
    this.plans = plans;
  }

  @Override
  public void open(OpenContext openContext) {
    deadLetters = getRuntimeContext().getMetricGroup().counter("cwDeadLetters");
    parsed = getRuntimeContext().getMetricGroup().counter("cwReadingsParsed");
  }

  @Override
  public void processElement(MqttMessageRecord m, ReadOnlyContext ctx, Collector<Reading> out)
      throws Exception {
    plans.refresh(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    var address = Topics.parse(m.topic());
    String site = address.map(Topics.Address::site).orElse("unknown");
    if (address.isEmpty() || address.get().kind() != Topics.Kind.READINGS) {
      reject(ctx, site, m, "topic: expected cw/v1/{site}/readings/{agent}/{meter}");
      return;
    }
    Reading r;
    try {
      r = WireCodec.decodeReading(m.payload());
    } catch (WireFormatException | IllegalArgumentException e) {
      reject(ctx, site, m, e.getMessage());
      return;
    }
    String problem = check(address.get(), r);
    if (problem != null) {
      reject(ctx, site, m, problem);
      return;
    }
    parsed.inc();
    out.collect(r);
  }

  private String check(Topics.Address a, Reading r) {
    if (!a.site().equals(r.site())) {
      return "site: '" + r.site() + "' does not match the topic's site '" + a.site() + "'";
    }
    if (!a.agent().equals(r.agent())) {
      return "agent: '" + r.agent() + "' does not match the topic's agent '" + a.agent() + "'";
    }
    if (!a.meter().equals(r.meter())) {
      return "meter: '" + r.meter() + "' does not match the topic's meter '" + a.meter() + "'";
    }
    SitePlan plan = plans.plan(r.site());
    if (plan == null) {
      return "site: '" + r.site() + "' is not in the site model";
    }
    Meter meter = plan.site().meter(r.meter()).orElse(null);
    if (meter == null) {
      return "meter: '" + r.meter() + "' is not a meter of site " + r.site();
    }
    for (int i = 0; i < r.values().size(); i++) {
      ReadingValue v = r.values().get(i);
      ChannelPlan c = plan.channel(r.meter(), v.channel());
      if (c == null) {
        return "values[" + i + "].channel: '" + v.channel() + "' is not a channel of " + r.meter();
      }
      if (!c.unit().equals(v.unit())) {
        return "values["
            + i
            + "].unit: expected "
            + c.unit()
            + " for "
            + r.meter()
            + "."
            + v.channel()
            + ", got "
            + v.unit();
      }
    }
    return null;
  }

  private void reject(ReadOnlyContext ctx, String site, MqttMessageRecord m, String reason) {
    deadLetters.inc();
    String safeSite = site.isEmpty() || site.contains("/") ? "unknown" : site;
    ctx.output(
        DEAD_LETTERS,
        new DeadLetter(
            safeSite,
            COMPONENT,
            reason,
            m.topic(),
            new String(m.payload(), StandardCharsets.UTF_8),
            Instant.ofEpochMilli(m.receivedAtMs())));
  }

  @Override
  public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<Reading> out)
      throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
  }
}
