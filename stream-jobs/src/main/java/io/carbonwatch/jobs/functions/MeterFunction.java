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
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything the job does with one meter's readings, in one keyed operator (keyed by {@code
 * site/meter}, connected to the control broadcast):
 *
 * <ol>
 *   <li>checks the reading against the site model (site, meter, channel, unit) — a mismatch is a
 *       dead letter with a reason naming the field and the meter;
 *   <li>drops a (meter, seq) pair already seen ({@link SeenSequences}, forgotten once the meter has
 *       sent nothing new for the dedupe time-to-live, in processing time, with one timer per
 *       meter);
 *   <li>sends every rate channel on an SEU's live feed at once (side output {@link #LIVE});
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
 * <p>Fusing these steps (they were five operators) keeps a reading on one thread from the keyed
 * exchange to the series exchange: no serialization of readings, samples or pieces in between.
 */
public final class MeterFunction
    extends KeyedBroadcastProcessFunction<String, Reading, ControlUpdate, SeriesAmount> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<LivePoint> LIVE =
      new OutputTag<>("live", TypeInformation.of(LivePoint.class));

  /** Model-check dead letters; the same tag name as the parser's so both read alike. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final PlanRegistry plans;
  private final long dedupeTtlMs;
  private final long intervalMs;

  private transient ValueState<SeenSequences> seen;
  private transient ValueState<Waiting> waiting;
  private transient MapState<String, CounterState> counters;
  private transient MapState<String, PowerIntegratorState> rates;
  private transient MapState<String, Long> lastDeltaMs;
  private transient Map<ChannelPlan, CounterIntervalizer> intervalizers;
  private transient Map<ChannelPlan, PowerIntegrator> integrators;
  private transient Counter deadLetters;
  private transient Counter duplicates;
  private transient Counter beyondWindow;
  private transient Counter lateSamples;
  private transient Counter rejected;
  private transient Counter counterCorrections;

  public MeterFunction(PlanRegistry plans, Duration dedupeTtl, Duration interval) {
    if (dedupeTtl.isNegative() || dedupeTtl.isZero()) {
      throw new IllegalArgumentException("dedupe ttl: must be positive, got " + dedupeTtl);
    }
    this.plans = plans;
    this.dedupeTtlMs = dedupeTtl.toMillis();
    this.intervalMs = interval.toMillis();
  }

  public static String keyOf(Reading r) {
    return r.site() + '/' + r.meter();
  }

  @Override
  public void open(OpenContext openContext) {
    // Compile the site model now rather than on the first reading, which would stall it.
    plans.validate();
    var rc = getRuntimeContext();
    seen = rc.getState(new ValueStateDescriptor<>("seen-seq", SeenSequences.class));
    waiting = rc.getState(new ValueStateDescriptor<>("waiting", Waiting.class));
    counters =
        rc.getMapState(
            new MapStateDescriptor<>(
                "counter", Types.STRING, TypeInformation.of(CounterState.class)));
    rates =
        rc.getMapState(
            new MapStateDescriptor<>(
                "rate", Types.STRING, TypeInformation.of(PowerIntegratorState.class)));
    lastDeltaMs = rc.getMapState(new MapStateDescriptor<>("last-delta", Types.STRING, Types.LONG));
    intervalizers = new IdentityHashMap<>();
    integrators = new IdentityHashMap<>();
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
    plans.refresh(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    SitePlan plan = plans.plan(r.site());
    String problem = check(plan, r);
    if (problem != null) {
      deadLetters.inc();
      ctx.output(DEAD_LETTERS, deadLetter(r, problem));
      return;
    }
    if (!firstDelivery(r, ctx)) {
      return;
    }
    live(plan, r, ctx);
    long t = r.time().toEpochMilli();
    Waiting w = waiting.value();
    if (w == null) {
      w = new Waiting();
      w.readings = new Reading[0];
    }
    w.readings = Waiting.insert(w.readings, r);
    long watermark = ctx.currentWatermark();
    if (t <= watermark) {
      lateSamples.inc();
      flush(w, watermark, ctx, out);
    } else {
      long fireAt = fireAt(t);
      if (!w.timer || fireAt < w.timerAt) {
        if (w.timer) {
          ctx.timerService().deleteEventTimeTimer(w.timerAt);
        }
        ctx.timerService().registerEventTimeTimer(fireAt);
        w.timer = true;
        w.timerAt = fireAt;
      }
      waiting.update(w);
    }
  }

  /**
   * A meter's readings waiting for the watermark, in time order, and its timer. One value per meter
   * rather than a map entry per reading: readings mostly arrive in order and leave within a minute,
   * so appending to and cutting a prefix off a short array is the cheap path. Flink POJO.
   */
  public static final class Waiting {
    public Reading[] readings;
    public boolean timer;
    public long timerAt;

    public Waiting() {}

    /** {@code readings} with {@code r} in time order; a reading of the same instant is replaced. */
    static Reading[] insert(Reading[] readings, Reading r) {
      int n = readings.length;
      int i = n;
      while (i > 0 && readings[i - 1].time().isAfter(r.time())) {
        i--;
      }
      if (i > 0 && readings[i - 1].time().equals(r.time())) {
        Reading[] out = readings.clone();
        out[i - 1] = r;
        return out;
      }
      Reading[] out = new Reading[n + 1];
      System.arraycopy(readings, 0, out, 0, i);
      out[i] = r;
      System.arraycopy(readings, i, out, i + 1, n - i);
      return out;
    }
  }

  /** The last millisecond of the interval containing {@code t}. */
  private long fireAt(long t) {
    return Math.floorDiv(t, intervalMs) * intervalMs + intervalMs - 1;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      // Dedupe time-to-live: forget a meter's sequence numbers once it has sent nothing new for
      // that long (processing time, like Flink's own TTL); otherwise look again when it would end.
      SeenSequences s = seen.value();
      if (s != null) {
        if (timestamp - s.touchedAtMs >= dedupeTtlMs) {
          seen.clear();
        } else {
          ctx.timerService().registerProcessingTimeTimer(s.touchedAtMs + dedupeTtlMs);
        }
      }
      return;
    }
    plans.refresh(ctx.getBroadcastState(ControlState.DESCRIPTOR));
    Waiting w = waiting.value();
    if (w == null) {
      return;
    }
    w.timer = false;
    flush(w, Math.max(timestamp, ctx.currentWatermark()), ctx, out);
  }

  /** Applies, in time order, every waiting reading at or before {@code watermark}. */
  private void flush(Waiting w, long watermark, ReadOnlyContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    Reading[] all = w.readings;
    int due = 0;
    while (due < all.length && all[due].time().toEpochMilli() <= watermark) {
      due++;
    }
    if (due == all.length) {
      if (w.timer) {
        ctx.timerService().deleteEventTimeTimer(w.timerAt);
      }
      waiting.clear();
    } else {
      long next = fireAt(all[due].time().toEpochMilli());
      if (!w.timer || next != w.timerAt) {
        if (w.timer) {
          ctx.timerService().deleteEventTimeTimer(w.timerAt);
        }
        ctx.timerService().registerEventTimeTimer(next);
        w.timer = true;
        w.timerAt = next;
      }
      w.readings = java.util.Arrays.copyOfRange(all, due, all.length);
      waiting.update(w);
    }
    for (int i = 0; i < due; i++) {
      apply(all[i], out);
    }
  }

  private boolean firstDelivery(Reading r, ReadOnlyContext ctx) throws Exception {
    SeenSequences s = seen.value();
    long now = ctx.currentProcessingTime();
    if (s == null) {
      s = SeenSequences.first(r.seq());
      s.touchedAtMs = now;
      seen.update(s);
      ctx.timerService().registerProcessingTimeTimer(now + dedupeTtlMs);
      return true;
    }
    switch (s.offer(r.seq())) {
      case NEW -> {
        s.touchedAtMs = now;
        seen.update(s);
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
    // One lookup of the meter, then its channels: the strings are fresh off the exchange, so every
    // lookup hashes and compares them again.
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
  private static void live(SitePlan plan, Reading r, ReadOnlyContext ctx) {
    long t = r.time().toEpochMilli();
    long receivedAtMs = System.currentTimeMillis();
    Map<String, ChannelPlan> channels = plan.channelsOf(r.meter());
    for (ReadingValue v : r.values()) {
      ChannelPlan c = channels.get(v.channel());
      if (c.live().isEmpty() || v.value() == null) {
        continue;
      }
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
  }

  private void apply(Reading r, Collector<SeriesAmount> out) throws Exception {
    SitePlan plan = plans.plan(r.site());
    if (plan == null) {
      return;
    }
    Map<String, ChannelPlan> channels = plan.channelsOf(r.meter());
    if (channels == null) {
      return;
    }
    String zone = plan.zone().getId();
    for (ReadingValue v : r.values()) {
      ChannelPlan c = channels.get(v.channel());
      if (c == null || c.mode() == ChannelMode.LIVE_ONLY) {
        continue;
      }
      ReadingQuality quality = ReadingQuality.fromCode(v.quality().wire());
      if (!quality.hasValue() || v.value() == null) {
        // A missing value leaves the channel where it was; the next good reading carries the
        // consumption (counters) and flags the interval as a gap if it is too far away.
        continue;
      }
      long t = r.time().toEpochMilli();
      switch (c.mode()) {
        case COUNTER -> applyCounter(plan, zone, c, t, v.value(), quality, out);
        case INTEGRATE -> applyRate(plan, zone, c, t, v.value(), quality, out);
        case DELTA -> applyDelta(plan, zone, c, t, v.value(), quality, out);
        case LIVE_ONLY -> {}
      }
    }
  }

  /** A gap longer than three polls (and three intervals) is flagged / not integrated. */
  private long maxGapMs(ChannelPlan c) {
    return Math.max(3 * c.pollIntervalMs(), 3 * intervalMs);
  }

  private void applyCounter(
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out)
      throws Exception {
    CounterState state = counters.get(c.channel());
    if (state == null) {
      state = CounterState.initial();
    }
    CounterIntervalizer.Result r =
        intervalizer(c)
            .apply(state, new CounterReading(Instant.ofEpochMilli(t), value, c.serial(), quality));
    if (!r.accepted()) {
      rejected.inc();
      return;
    }
    if (r.correction().isPresent()) {
      counterCorrections.inc();
    }
    counters.put(c.channel(), r.state());
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
                c.unit() + "h",
                Duration.ofMillis(intervalMs),
                Duration.ofMillis(maxGapMs(c))));
    integrators.put(c, made);
    return made;
  }

  private void applyRate(
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out)
      throws Exception {
    PowerIntegratorState state = rates.get(c.channel());
    if (state == null) {
      state = PowerIntegratorState.initial();
    }
    PowerIntegrator.Result r =
        integrator(c).apply(state, new PowerSample(Instant.ofEpochMilli(t), value, quality));
    if (r.rejection().isPresent()) {
      rejected.inc();
      return;
    }
    rates.put(c.channel(), r.state());
    emit(plan, zone, c, c.unit() + "h", r.intervals(), out);
  }

  private void applyDelta(
      SitePlan plan,
      String zone,
      ChannelPlan c,
      long t,
      double value,
      ReadingQuality quality,
      Collector<SeriesAmount> out)
      throws Exception {
    // The amount since the previous reading is booked to the piece that ends at this reading.
    long start = Math.floorDiv(t - 1, intervalMs) * intervalMs;
    Long last = lastDeltaMs.get(c.channel());
    if (last != null && t <= last) {
      rejected.inc();
      return;
    }
    lastDeltaMs.put(c.channel(), t);
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
  }
}
