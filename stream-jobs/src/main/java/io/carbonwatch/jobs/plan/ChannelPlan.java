package io.carbonwatch.jobs.plan;

import io.carbonwatch.core.site.RelevantVariable;
import io.carbonwatch.jobs.model.ChannelMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the job does with one meter channel: how its values become amounts, which series its
 * pieces add to (with a coefficient, −1 for a sub-meter in a virtual meter), which carbon sources
 * turn them into emissions, which relevant variables they feed and which SEU live feeds they join.
 */
public final class ChannelPlan {
  /** {@code amount × coefficient} is added to every target. */
  public record ActivityRoute(double coefficient, List<Target> targets) {}

  /** {@code amount × coefficient} is activity of a source; its emissions go to every target. */
  public record EmissionRoute(double coefficient, EmissionRate rate, List<Target> targets) {}

  public record VariableRoute(RelevantVariable variable, Target target) {}

  /**
   * A rate channel (kW, W, Nm3/h) on an SEU's live feed.
   *
   * @param toKw multiplier to kW for power channels, 0 for non-electric flows
   * @param rate emission coefficient per unit·h of the flow, or {@code null}
   */
  public record LiveRoute(String seu, double coefficient, double toKw, EmissionRate rate) {}

  final String meter;
  final String serial;
  final String channel;
  final String quantity;
  final String unit;
  final ChannelMode mode;
  final double registerMax;
  final long frozenAfterMs;
  final long pollIntervalMs;
  final List<ActivityRoute> activity = new ArrayList<>();
  final List<EmissionRoute> emissions = new ArrayList<>();
  final List<VariableRoute> variables = new ArrayList<>();
  final List<LiveRoute> live = new ArrayList<>();

  ChannelPlan(
      String meter,
      String serial,
      String channel,
      String quantity,
      String unit,
      ChannelMode mode,
      double registerMax,
      long frozenAfterMs,
      long pollIntervalMs) {
    this.meter = meter;
    this.serial = serial;
    this.channel = channel;
    this.quantity = quantity;
    this.unit = unit;
    this.mode = mode;
    this.registerMax = registerMax;
    this.frozenAfterMs = frozenAfterMs;
    this.pollIntervalMs = pollIntervalMs;
  }

  public String meter() {
    return meter;
  }

  public String serial() {
    return serial;
  }

  public String channel() {
    return channel;
  }

  public String quantity() {
    return quantity;
  }

  public String unit() {
    return unit;
  }

  public ChannelMode mode() {
    return mode;
  }

  public double registerMax() {
    return registerMax;
  }

  public long frozenAfterMs() {
    return frozenAfterMs;
  }

  public long pollIntervalMs() {
    return pollIntervalMs;
  }

  /**
   * An integrated rate's values × this = the rate in the unit whose hour is {@link
   * #integratedUnit()}: 0.001 for active power in W (integrated to kWh, the unit emission factors
   * know), else 1.
   */
  public double integrationScale() {
    return mode == ChannelMode.INTEGRATE && "W".equals(unit) ? 0.001 : 1.0;
  }

  /** The unit of an integrated rate's pieces: kWh for W and kW, else the rate's unit × h. */
  public String integratedUnit() {
    return mode == ChannelMode.INTEGRATE && "W".equals(unit) ? "kWh" : unit + "h";
  }

  public List<ActivityRoute> activity() {
    return activity;
  }

  public List<EmissionRoute> emissions() {
    return emissions;
  }

  public List<VariableRoute> variables() {
    return variables;
  }

  public List<LiveRoute> live() {
    return live;
  }
}
