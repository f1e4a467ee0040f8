package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.counters.CounterChannelConfig;
import io.carbonwatch.core.counters.CounterIntervalizer;
import io.carbonwatch.core.counters.CounterReading;
import io.carbonwatch.core.counters.CounterState;
import io.carbonwatch.core.counters.IntervalConsumption;
import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.core.counters.PowerIntegrator;
import io.carbonwatch.core.counters.PowerIntegratorState;
import io.carbonwatch.core.counters.PowerSample;
import io.carbonwatch.core.counters.ReadingQuality;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.ChannelMode;
import io.carbonwatch.jobs.model.LivePoint;
import io.carbonwatch.jobs.model.MeterInterval;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything the job does with one meter's readings, in one keyed operator (keyed by {@link
 * MeterKeys#of site and meter}, connected to the control broadcast):
 *
 * <ol>
 *   <li>checks the reading against the site model (site, meter, channel, unit) — a mismatch is a
 *       dead letter with a reason naming the field and the meter;
 *   <li>drops a (meter, seq) pair already seen ({@link SeenSequences}, forgotten once the meter has
 *       sent nothing new for the dedupe time-to-live, in processing time, with one timer per
 *       meter);
 *   <li>puts every rate channel on its SEUs' live board at once, which sends each SEU's partial sum
 *       on the side output {@link #LIVE} a few times per live interval ({@link LiveBoard});
 *   <li>turns each channel's values into one-minute interval pieces with the core's counter
 *       intervalizer (rollover, reset, replacement, frozen, gaps pro-rated), power integrator or
 *       delta booking, quality carried in the flags;
 *   <li>fans every piece out to the series of the roll-up with emissions ({@link Rollup}).
 * </ol>
 *
 * <p>The core logic needs a channel's readings in time order, but the shared subscription spreads
 * one meter's messages over several readers, so readings wait in keyed state until the watermark
 * passes them and are then applied in time order. One event-time timer per meter, at the end of the
 * minute of its earliest waiting reading, serves all of that meter's channels: with a 10 s poll
 * that is one timer per six readings, and the window grace (≥ one minute) still sees a minute's
 * last piece before the minute's window fires. A reading that arrives behind the watermark is
 * applied at once together with anything due: if it is still after the channel's last applied
 * reading its pieces flow on as late data and correct the windows; if not, the core rejects it as
 * out of order and it is counted — for a counter nothing is lost, because the next reading's
 * cumulative value already carries the consumption.
 *
 * <p>Cost per reading is the point of the layout: one keyed-state access ({@link MeterState} holds
 * everything), the meter's resolution against the plan cached with it (a reading whose channels and
 * units come in the same order as the previous one is checked with string comparisons, no hashing),
 * and the live feed combined on the subtask instead of one record per reading on an exchange. The
 * pieces are combined per series before the next exchange by {@link
 * io.carbonwatch.jobs.windows.PieceCombiner}.
 */
public final class MeterFunction
    extends KeyedBroadcastProcessFunction<Long, Reading, ControlUpdate, SeriesAmount> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<LivePoint> LIVE =
      new OutputTag<>("live", TypeInformation.of(LivePoint.class));

  /** Model-check dead letters; the same tag name as the parser's so both read alike. */
  public static final OutputTag<Rejection> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(Rejection.class));

  private static final ReadingQuality[] READING_QUALITIES = ReadingQuality.values();

  /** The core's quality for each wire quality, by ordinal (parsing the wire code costs a copy). */
  private static final ReadingQuality[] QUALITY = qualities();

  private static ReadingQuality[] qualities() {
    io.carbonwatch.core.wire.Quality[] wire = io.carbonwatch.core.wire.Quality.values();
    ReadingQuality[] out = new ReadingQuality[wire.length];
    for (io.carbonwatch.core.wire.Quality q : wire) {
      out[q.ordinal()] = ReadingQuality.fromCode(q.wire());
    }
    return out;
  }

  private final PlanRegistry plans;
  private final long dedupeTtlMs;
  private final long intervalMs;
  private final long livePartialMs;
  private final long liveStaleAfterMs;

  private transient ValueState<MeterState> state;
  private transient Map<ChannelPlan, CounterIntervalizer> intervalizers;
  private transient Map<ChannelPlan, PowerIntegrator> integrators;
  private transient LiveBoard board;
  private transient Counter deadLetters;
  private transient Counter duplicates;
  private transient Counter beyondWindow;
  private transient Counter lateSamples;
  private transient Counter rejected;
  private transient Counter counterCorrections;

  /**
   * @param interval length of an interval piece
   * @param liveInterval the live feed's interval: each subtask sends an SEU's partial sum at most
   *     four times per interval, so the SEU's published sample is at most a quarter old in the
   *     parts other subtasks hold
   * @param liveStaleAfter a rate older than this (relative to the SEU's newest) is left out
   */
  public MeterFunction(
      PlanRegistry plans,
      Duration dedupeTtl,
      Duration interval,
      Duration liveInterval,
      Duration liveStaleAfter) {
    if (dedupeTtl.isNegative() || dedupeTtl.isZero()) {
      throw new IllegalArgumentException("dedupe ttl: must be positive, got " + dedupeTtl);
    }
    this.plans = plans;
    this.dedupeTtlMs = dedupeTtl.toMillis();
    this.intervalMs = interval.toMillis();
    this.livePartialMs = Math.max(1, liveInterval.toMillis() / 4);
    this.liveStaleAfterMs = liveStaleAfter.toMillis();
  }

  public static long keyOf(Reading r) {
    return MeterKeys.of(r.site(), r.meter());
  }

  @Override
  public void open(OpenContext openContext) {
    // Compile the site model now rather than on the first reading, which would stall it.
    plans.validate();
    var rc = getRuntimeContext();
    state = rc.getState(new ValueStateDescriptor<>("meter", MeterState.class));
    intervalizers = new IdentityHashMap<>();
    integrators = new IdentityHashMap<>();
    board =
        new LiveBoard(
            "subtask-" + rc.getTaskInfo().getIndexOfThisSubtask(), livePartialMs, liveStaleAfterMs);
    var metrics = rc.getMetricGroup();
    deadLetters = metrics.counter("cwDeadLetters");
    duplicates = metrics.counter("cwDuplicateReadings");
    beyondWindow = metrics.counter("cwDedupeBeyondWindow");
    lateSamples = metrics.counter("cwLateSamples");
    rejected = metrics.counter("cwRejectedSamples");
    counterCorrections = metrics.counter("cwCounterCorrections");
  }

  @Override
  public void processElement(Reading r, ReadOnlyContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    plans.refreshIfChanged(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    MeterState s = state.value();
    if (s == null) {
      s = MeterState.of(r.site(), r.meter());
    } else if (s.meterHash != r.meter().hashCode() || s.siteHash != r.site().hashCode()) {
      // Different names under one key (see MeterKeys): compared by their string hashes, computed
      // on the reading's own (just decoded) strings, so the state's copies are not touched.
      reject(r, ctx, collision(r, s));
      return;
    }
    String problem = resolve(s, r);
    if (problem != null) {
      // Nothing of a rejected reading enters the meter's state (a new meter's is not stored).
      reject(r, ctx, problem);
      return;
    }
    if (!firstDelivery(s, r, ctx)) {
      return;
    }
    live(s, r, ctx);
    long t = r.time().toEpochMilli();
    int row = s.await(t);
    List<ReadingValue> values = r.values();
    for (int i = 0; i < values.size(); i++) {
      int column = s.slots[i];
      if (column >= 0) {
        ReadingValue v = values.get(i);
        double value = v.value() == null ? Double.NaN : v.value();
        int quality = QUALITY[v.quality().ordinal()].ordinal();
        int before;
        if (s.resolved[i].mode() == ChannelMode.DELTA
            && (before = s.qualityAt(row, column)) != MeterState.ABSENT) {
          // Two amounts at one instant (two top-ups logged with the same time, each with its own
          // sequence number) are both consumption: they add up, and a doubtful one marks the sum.
          // One without a value (a timeout) must not hide the other's amount.
          double earlier = s.valueAt(row, column);
          boolean earlierHas = READING_QUALITIES[before].hasValue() && !Double.isNaN(earlier);
          boolean laterHas = READING_QUALITIES[quality].hasValue() && !Double.isNaN(value);
          if (earlierHas && laterHas) {
            value += earlier;
            if (quality == ReadingQuality.GOOD.ordinal()) {
              quality = before;
            }
          } else if (earlierHas) {
            value = earlier;
            quality = before;
          }
        }
        s.set(row, column, value, quality);
      }
    }
    long watermark = ctx.currentWatermark();
    if (t <= watermark) {
      lateSamples.inc();
      flush(s, watermark, ctx, out);
    } else {
      long fireAt = fireAt(t);
      if (!s.timer || fireAt < s.timerAt) {
        if (s.timer) {
          ctx.timerService().deleteEventTimeTimer(s.timerAt);
        }
        ctx.timerService().registerEventTimeTimer(fireAt);
        s.timer = true;
        s.timerAt = fireAt;
      }
    }
    state.update(s);
  }

  private void reject(Reading r, ReadOnlyContext ctx, String problem) {
    deadLetters.inc();
    // Every model-check reason starts with the field it names (site, meter, values[i].channel, …).
    ctx.output(
        DEAD_LETTERS, new Rejection(deadLetter(r, problem), Rejection.fieldOfReason(problem)));
  }

  private static String collision(Reading r, MeterState s) {
    return "meter: '"
        + r.meter()
        + "' of site "
        + r.site()
        + " has the same partition key as meter '"
        + s.meter
        + "' of site "
        + s.site
        + " (a 64-bit hash collision); rename one of them";
  }

  /**
   * Resolves {@code r}'s values against the plan into {@code s}'s cache; {@code null} when the
   * reading fits the site model, else the problem. The common case — the plan unchanged and the
   * same channels and units in the same order as the meter's previous reading — compares strings
   * and looks nothing up.
   */
  private String resolve(MeterState s, Reading r) {
    long generation = plans.generation();
    List<ReadingValue> values = r.values();
    ChannelPlan[] cached = s.resolved;
    if (s.planGeneration == generation && s.resolvedCount == values.size()) {
      // The decoder hands out one string instance per distinct name, so the names of the meter's
      // last reading are usually the very same objects: compared by reference, without touching
      // the plan's copies (cold in the cache at thousands of meters).
      String[] last = s.names;
      boolean same = true;
      for (int i = 0; i < cached.length && same; i++) {
        ReadingValue v = values.get(i);
        String channel = v.channel();
        String unit = v.unit();
        if (channel != last[2 * i] || unit != last[2 * i + 1]) {
          // Only names that matched the plan are remembered.
          same = cached[i].channel().equals(channel) && cached[i].unit().equals(unit);
          if (same) {
            last[2 * i] = channel;
            last[2 * i + 1] = unit;
          }
        }
      }
      if (same) {
        return null;
      }
    }
    SitePlan plan = plans.plan(r.site());
    String problem = check(plan, r);
    if (problem != null) {
      return problem;
    }
    Map<String, ChannelPlan> channels = plan.channelsOf(r.meter());
    int n = values.size();
    ChannelPlan[] resolved = new ChannelPlan[n];
    int[] slots = new int[n];
    List<LiveBoard.Slot> live = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ChannelPlan c = channels.get(values.get(i).channel());
      resolved[i] = c;
      slots[i] = c.mode() == ChannelMode.LIVE_ONLY ? -1 : s.channelIndex(c.channel());
      for (ChannelPlan.LiveRoute route : c.live()) {
        LiveBoard.Slot slot = board.slot(r.site(), route.seu(), c.meter(), c.channel());
        slot.valueIndex = i;
        slot.coefficient = route.coefficient();
        slot.toKw = route.toKw();
        slot.rate = route.rate();
        live.add(slot);
      }
    }
    String[] names = new String[2 * n];
    for (int i = 0; i < n; i++) {
      names[2 * i] = values.get(i).channel();
      names[2 * i + 1] = values.get(i).unit();
    }
    s.planGeneration = generation;
    s.resolved = resolved;
    s.resolvedCount = n;
    s.names = names;
    s.slots = slots;
    s.live = live.toArray(new LiveBoard.Slot[0]);
    return null;
  }

  /** The last millisecond of the interval containing {@code t}. */
  private long fireAt(long t) {
    return Math.floorDiv(t, intervalMs) * intervalMs + intervalMs - 1;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    MeterState s = state.value();
    if (s == null) {
      return;
    }
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      // Dedupe time-to-live: forget a meter's sequence numbers once it has sent nothing new for
      // that long (processing time, like Flink's own TTL); otherwise look again when it would end.
      if (s.seen != null) {
        if (timestamp - s.seen.touchedAtMs >= dedupeTtlMs) {
          s.seen = null;
          state.update(s);
        } else {
          ctx.timerService().registerProcessingTimeTimer(s.seen.touchedAtMs + dedupeTtlMs);
        }
      }
      return;
    }
    plans.refreshIfChanged(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    s.timer = false;
    flush(s, Math.max(timestamp, ctx.currentWatermark()), ctx, out);
    state.update(s);
  }

  /** Applies, in time order, every waiting reading at or before {@code watermark}. */
  private void flush(MeterState s, long watermark, ReadOnlyContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    int due = 0;
    while (due < s.waitingCount && s.timeAt(due) <= watermark) {
      due++;
    }
    for (int row = 0; row < due; row++) {
      apply(s, row, out);
    }
    s.dropWaiting(due);
    if (s.waitingCount == 0) {
      if (s.timer) {
        ctx.timerService().deleteEventTimeTimer(s.timerAt);
        s.timer = false;
      }
    } else {
      long next = fireAt(s.timeAt(0));
      if (!s.timer || next != s.timerAt) {
        if (s.timer) {
          ctx.timerService().deleteEventTimeTimer(s.timerAt);
        }
        ctx.timerService().registerEventTimeTimer(next);
        s.timer = true;
        s.timerAt = next;
      }
    }
  }

  private boolean firstDelivery(MeterState s, Reading r, ReadOnlyContext ctx) {
    long now = ctx.currentProcessingTime();
    if (s.seen == null) {
      s.seen = SeenSequences.first(r.seq());
      s.seen.touchedAtMs = now;
      ctx.timerService().registerProcessingTimeTimer(now + dedupeTtlMs);
      return true;
    }
    switch (s.seen.offer(r.seq())) {
      case NEW -> {
        s.seen.touchedAtMs = now;
        return true;
      }
      case BEYOND_WINDOW -> {
        beyondWindow.inc();
        return true;
      }
      default -> {
        duplicates.inc();
        return false;
      }
    }
  }

  /** Checks against the site model; {@code null} when the reading fits it. */
  static String check(SitePlan plan, Reading r) {
    if (plan == null) {
      return "site: '" + r.site() + "' is not in the site model";
    }
    Map<String, ChannelPlan> channels = plan.channelsOf(r.meter());
    if (channels == null) {
      return "meter: '" + r.meter() + "' is not a meter of site " + r.site();
    }
    List<ReadingValue> values = r.values();
    for (int i = 0; i < values.size(); i++) {
      ReadingValue v = values.get(i);
      ChannelPlan c = channels.get(v.channel());
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

  /**
   * The parser has already checked the topic against the reading, so the topic is rebuilt from the
   * reading and the payload re-encoded (this path is rare: the bytes are not carried to here).
   */
  private static DeadLetter deadLetter(Reading r, String reason) {
    String site = r.site().isEmpty() || r.site().contains("/") ? "unknown" : r.site();
    return new DeadLetter(
        site,
        ParseReadings.COMPONENT,
        reason,
        Topics.readings(r.site(), r.agent(), r.meter()),
        WireCodec.text(WireCodec.encode(r)),
        Instant.now());
  }

  /** Readings carry no arrival time; the live feed's latency is measured from the poll time. */
  private void live(MeterState s, Reading r, ReadOnlyContext ctx) {
    LiveBoard.Slot[] slots = s.live;
    if (slots.length == 0) {
      return;
    }
    long t = r.time().toEpochMilli();
    long nowMs = System.currentTimeMillis();
    List<ReadingValue> values = r.values();
    for (LiveBoard.Slot slot : slots) {
      ReadingValue v = values.get(slot.valueIndex);
      if (v.value() == null) {
        continue;
      }
      double rate = v.value() * slot.coefficient;
      double kw = rate * slot.toKw;
      boolean good = v.quality() == io.carbonwatch.core.wire.Quality.GOOD;
      LivePoint partial = board.offerRate(slot, t, kw, slot.toKw > 0 ? kw : rate, good, nowMs);
      if (partial != null) {
        ctx.output(LIVE, partial);
      }
    }
  }

  /** The plan of each of the meter's state columns, looked up again only when the plan changed. */
  private void ensureColumns(MeterState s) {
    long generation = plans.generation();
    if (s.columns != null
        && s.columnsGeneration == generation
        && s.columns.length == s.channels.length) {
      return;
    }
    SitePlan plan = plans.plan(s.site);
    Map<String, ChannelPlan> channels = plan == null ? null : plan.channelsOf(s.meter);
    ChannelPlan[] columns = new ChannelPlan[s.channels.length];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = channels == null ? null : channels.get(s.channels[j]);
    }
    s.columns = columns;
    s.columnsPlan = plan;
    s.columnsGeneration = generation;
  }

  /**
   * Applies waiting row {@code row}: each channel's value to its intervalizer, integrator or delta.
   */
  private void apply(MeterState s, int row, Collector<SeriesAmount> out) {
    ensureColumns(s);
    SitePlan plan = s.columnsPlan;
    int width = s.channels.length;
    long t = s.timeAt(row);
    // A plan that lost the whole site leaves every column null: nothing below reads the zone then.
    String zone = plan == null ? null : plan.zone().getId();
    for (int j = 0; j < width; j++) {
      int q = s.qualityAt(row, j);
      if (q == MeterState.ABSENT) {
        continue;
      }
      ChannelPlan c = s.columns[j];
      if (c == null) {
        // The site model changed while the reading waited and no longer has this channel.
        rejected.inc();
        continue;
      }
      ReadingQuality quality = READING_QUALITIES[q];
      double value = s.valueAt(row, j);
      if (!quality.hasValue() || Double.isNaN(value)) {
        // A missing value leaves the channel where it was; the next good reading carries the
        // consumption (counters) and flags the interval as a gap if it is too far away.
        continue;
      }
      switch (c.mode()) {
        case COUNTER -> applyCounter(s, j, plan, zone, c, t, value, quality, out);
        case INTEGRATE -> applyRate(s, j, plan, zone, c, t, value, quality, out);
        case DELTA -> applyDelta(s, j, plan, zone, c, t, value, quality, out);
        case LIVE_ONLY -> {}
      }
    }
  }

  /** A gap longer than three polls (and three intervals) is flagged / not integrated. */
  private long maxGapMs(ChannelPlan c) {
    return Math.max(3 * c.pollIntervalMs(), 3 * intervalMs);
  }

  private void applyCounter(
      MeterState s,
      int slot,
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out) {
    CounterState before = s.counters[slot];
    CounterIntervalizer.Result r =
        intervalizer(c)
            .apply(
                before == null ? CounterState.initial() : before,
                new CounterReading(Instant.ofEpochMilli(t), value, c.serial(), quality));
    if (!r.accepted()) {
      rejected.inc();
      return;
    }
    if (before != null && before.started() && t < before.lastTimeMs()) {
      // Older than the channel's first reading: the core booked the interval between the two
      // (the one reading whose loss the next could not carry) as late intervals.
      lateSamples.inc();
    }
    if (r.correction().isPresent()) {
      counterCorrections.inc();
    }
    s.counters[slot] = r.state();
    emit(plan, zone, c, c.unit(), r.intervals(), out);
  }

  private CounterIntervalizer intervalizer(ChannelPlan c) {
    CounterIntervalizer cached = intervalizers.get(c);
    if (cached != null) {
      return cached;
    }
    if (intervalizers.size() > 10_000) {
      // Plans recompiled by control updates leave stale entries behind: start over.
      intervalizers.clear();
    }
    CounterChannelConfig config =
        CounterChannelConfig.of(c.meter(), c.channel(), c.unit(), Duration.ofMillis(intervalMs))
            .withMaxInterpolationGap(Duration.ofMillis(maxGapMs(c)));
    if (!Double.isNaN(c.registerMax())) {
      BigDecimal max = BigDecimal.valueOf(c.registerMax()).stripTrailingZeros();
      BigDecimal resolution = BigDecimal.ONE.movePointLeft(Math.max(0, max.scale()));
      config = config.withRegister(max, resolution);
    }
    if (c.frozenAfterMs() > 0) {
      config = config.withFrozenAfter(Duration.ofMillis(c.frozenAfterMs()));
    }
    CounterIntervalizer made = new CounterIntervalizer(config);
    intervalizers.put(c, made);
    return made;
  }

  private PowerIntegrator integrator(ChannelPlan c) {
    PowerIntegrator cached = integrators.get(c);
    if (cached != null) {
      return cached;
    }
    if (integrators.size() > 10_000) {
      integrators.clear();
    }
    PowerIntegrator made =
        new PowerIntegrator(
            new PowerIntegrator.Config(
                c.meter(),
                c.channel(),
                c.integratedUnit(),
                Duration.ofMillis(intervalMs),
                Duration.ofMillis(maxGapMs(c))));
    integrators.put(c, made);
    return made;
  }

  private void applyRate(
      MeterState s,
      int slot,
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out) {
    PowerIntegratorState before = s.rates[slot];
    PowerIntegrator.Result r =
        integrator(c)
            .apply(
                before == null ? PowerIntegratorState.initial() : before,
                new PowerSample(Instant.ofEpochMilli(t), value * c.integrationScale(), quality));
    if (r.rejection().isPresent()) {
      rejected.inc();
      return;
    }
    s.rates[slot] = r.state();
    emit(plan, zone, c, c.integratedUnit(), r.intervals(), out);
  }

  private void applyDelta(
      MeterState s,
      int slot,
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out) {
    // The amount since the previous reading is booked to the piece that ends at this reading.
    long start = Math.floorDiv(t - 1, intervalMs) * intervalMs;
    // Not before the last applied amount; one at the same instant is another amount (dedupe has
    // already dropped a redelivery of the same sequence number), booked as its own piece.
    if (s.lastDeltaMs[slot] != Long.MIN_VALUE && t < s.lastDeltaMs[slot]) {
      rejected.inc();
      return;
    }
    s.lastDeltaMs[slot] = t;
    int mask = quality == ReadingQuality.GOOD ? 0 : IntervalFlag.SOURCE_QUALITY.bit();
    Rollup.fanOut(
        plan,
        c,
        new MeterInterval(
            plan.site().id(),
            zone,
            c.meter(),
            c.channel(),
            c.quantity(),
            c.unit(),
            c.mode(),
            start,
            start + intervalMs,
            value,
            mask,
            0),
        out);
  }

  private static void emit(
      SitePlan plan,
      String zone,
      ChannelPlan c,
      String unit,
      List<IntervalConsumption> intervals,
      Collector<SeriesAmount> out) {
    for (IntervalConsumption ic : intervals) {
      Rollup.fanOut(
          plan,
          c,
          new MeterInterval(
              plan.site().id(),
              zone,
              c.meter(),
              c.channel(),
              c.quantity(),
              unit,
              c.mode(),
              ic.start().toEpochMilli(),
              ic.end().toEpochMilli(),
              ic.amount(),
              ic.flagMask(),
              ic.corrections().size()),
          out);
    }
  }

  @Override
  public void processBroadcastElement(
      ControlUpdate update, Context ctx, Collector<SeriesAmount> out) throws Exception {
    ctx.getBroadcastState(ControlState.DESCRIPTOR).put(update.stateKey(), update);
    plans.controlChanged();
  }
}
