package io.carbonwatch.jobs.functions;

import io.carbonwatch.jobs.model.LivePoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest rate of every live channel one meter subtask holds, summed per SEU: the first half of
 * the live feed. A subtask sends an SEU's partial sum at most once per {@code intervalMs} (as soon
 * as a rate arrives after that, so the newest poll is in it); {@link LiveAggregator}, keyed by SEU,
 * adds up the partials of all subtasks.
 *
 * <p>Why combine here: sending every rate to the SEU's operator put one record per reading on a
 * third network exchange and into a keyed map, about a tenth of the job's time. Partials are a few
 * records per SEU per second, whatever the reading rate.
 *
 * <p>Not Flink state, on purpose: live rates are for dashboards, not totals, and every meter's next
 * poll refills the board after a restart. Not thread-safe: one per subtask, used on its task
 * thread.
 */
public final class LiveBoard {
  /** One meter channel's rate on one SEU. */
  public static final class Slot {
    final Group group;

    /**
     * How the owning meter operator turns the channel's value into this slot's rates — the live
     * route's parameters, copied here at resolution so a reading touches the slot and nothing else
     * of the plan: which value of the meter's reading, × coefficient, × toKw (0 for a flow), and
     * the emission rate per unit·h ({@code null}: no emissions).
     */
    int valueIndex;

    double coefficient;
    double toKw;
    io.carbonwatch.jobs.plan.EmissionRate rate;
    long timeMs = Long.MIN_VALUE;
    double kw;

    /** kgCO2e/h, or NaN until a partial needs it: then from {@link #perHour} and {@link #rate}. */
    double kgPerH;

    /** The flow per hour the emission rate applies to (kW or unit/h), see {@link #offerRate}. */
    double perHour;

    boolean good;

    /**
     * The group's {@code lastSentMs} as this slot last saw it. It only grows, so while {@code now}
     * is within an interval of it the group is not due and need not be touched (a cache miss per
     * reading at thousands of meters).
     */
    long groupSentSeenMs = Long.MIN_VALUE;

    Slot(Group group) {
      this.group = group;
    }
  }

  static final class Group {
    final String key;
    final String site;
    final String seu;
    final List<Slot> slots = new ArrayList<>();
    long lastSentMs = Long.MIN_VALUE;

    Group(String key, String site, String seu) {
      this.key = key;
      this.site = site;
      this.seu = seu;
    }
  }

  private final String source;
  private final long intervalMs;
  private final long staleAfterMs;
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Slot> slots = new HashMap<>();

  /**
   * @param source names this board's partials (one per subtask) in {@link LivePoint#source()}
   * @param intervalMs least time between two partials of one SEU
   * @param staleAfterMs a rate this much older (event time) than the SEU's newest is left out and
   *     makes the partial {@code estimated}
   */
  public LiveBoard(String source, long intervalMs, long staleAfterMs) {
    this.source = source;
    this.intervalMs = intervalMs;
    this.staleAfterMs = staleAfterMs;
  }

  /** The slot of channel {@code meter/channel} on SEU {@code seu} of {@code site}. */
  public Slot slot(String site, String seu, String meter, String channel) {
    String seuKey = site + '/' + seu;
    return slots.computeIfAbsent(
        seuKey + '|' + meter + '/' + channel,
        k -> {
          Group g = groups.computeIfAbsent(seuKey, gk -> new Group(gk, site, seu));
          Slot s = new Slot(g);
          g.slots.add(s);
          return s;
        });
  }

  /**
   * Records a rate at {@code timeMs} (an older one than the slot holds is ignored) and returns the
   * SEU's partial sum when one is due at {@code nowMs}, else {@code null}. {@code perHour} is the
   * flow per hour the slot's emission rate applies to (kW, or unit/h for a fuel flow); the emission
   * rate itself is worked out from the slot's {@link Slot#rate} only when a partial is sent — a few
   * times a second per SEU rather than for every reading (the factor lookup by time was a tenth of
   * the live path).
   */
  public LivePoint offerRate(
      Slot s, long timeMs, double kw, double perHour, boolean good, long nowMs) {
    if (timeMs >= s.timeMs) {
      s.timeMs = timeMs;
      s.kw = kw;
      s.perHour = perHour;
      s.kgPerH = s.rate == null ? 0 : Double.NaN;
      s.good = good;
    }
    return due(s, nowMs);
  }

  private static double kgPerH(Slot x) {
    double kg = x.kgPerH;
    if (Double.isNaN(kg)) {
      // kW × t/kWh = t/h; Nm3/h × t/Nm3 = t/h.
      kg = x.rate.at(x.timeMs).tco2e(x.perHour) * 1000.0;
      x.kgPerH = kg;
    }
    return kg;
  }

  private LivePoint due(Slot s, long nowMs) {
    if (s.groupSentSeenMs != Long.MIN_VALUE && nowMs - s.groupSentSeenMs < intervalMs) {
      return null;
    }
    Group g = s.group;
    if (g.lastSentMs != Long.MIN_VALUE && nowMs - g.lastSentMs < intervalMs) {
      s.groupSentSeenMs = g.lastSentMs;
      return null;
    }
    g.lastSentMs = nowMs;
    s.groupSentSeenMs = nowMs;
    long newest = Long.MIN_VALUE;
    for (Slot x : g.slots) {
      newest = Math.max(newest, x.timeMs);
    }
    double sumKw = 0;
    double sumKg = 0;
    boolean allGood = true;
    for (Slot x : g.slots) {
      if (x.timeMs == Long.MIN_VALUE || newest - x.timeMs > staleAfterMs) {
        allGood = false;
        continue;
      }
      sumKw += x.kw;
      sumKg += kgPerH(x);
      allGood &= x.good;
    }
    return new LivePoint(
        g.key, g.site, g.seu, source, newest, sumKw, sumKg, allGood ? "good" : "estimated", nowMs);
  }
}
