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
import io.carbonwatch.jobs.model.ChannelMode;
import io.carbonwatch.jobs.model.ChannelSample;
import io.carbonwatch.jobs.model.MeterInterval;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns one meter channel's samples into one-minute interval pieces with the core's counter
 * intervalizer (rollover, reset, replacement, frozen, gaps pro-rated) or power integrator.
 *
 * <p>Keyed by {@code site/meter/channel}. The core logic needs samples in time order, but the
 * shared subscription spreads one meter's messages over several readers, so samples wait in keyed
 * state until the watermark passes them and are then applied in time order. A sample that arrives
 * behind the watermark is applied at once: if it is still after the channel's last applied sample
 * its intervals flow on as late data and correct the windows; if not, the core rejects it as out of
 * order and it is counted — for a counter nothing is lost, because the next reading's cumulative
 * value already carries the consumption.
 */
public final class IntervalBuilder
    extends KeyedProcessFunction<String, ChannelSample, MeterInterval> {
  private static final long serialVersionUID = 1L;

  private transient MapState<Long, ChannelSample> waiting;
  private transient ValueState<CounterState> counterState;
  private transient ValueState<PowerIntegratorState> rateState;
  private transient ValueState<Long> lastDeltaMs;
  private transient ValueState<Long> timerAt;
  private transient Counter lateSamples;
  private transient Counter rejected;
  private transient Counter counterCorrections;

  public static String keyOf(ChannelSample s) {
    return s.channelKey();
  }

  @Override
  public void open(OpenContext openContext) {
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting", Types.LONG, TypeInformation.of(ChannelSample.class)));
    counterState =
        getRuntimeContext().getState(new ValueStateDescriptor<>("counter", CounterState.class));
    rateState =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("rate", PowerIntegratorState.class));
    lastDeltaMs =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-delta", Types.LONG));
    timerAt = getRuntimeContext().getState(new ValueStateDescriptor<>("timer-at", Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup();
    lateSamples = metrics.counter("cwLateSamples");
    rejected = metrics.counter("cwRejectedSamples");
    counterCorrections = metrics.counter("cwCounterCorrections");
  }

  @Override
  public void processElement(ChannelSample sample, Context ctx, Collector<MeterInterval> out)
      throws Exception {
    if (sample.mode() == ChannelMode.LIVE_ONLY) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (sample.timeEpochMs() <= watermark) {
      lateSamples.inc();
      apply(sample, out);
      return;
    }
    waiting.put(sample.timeEpochMs(), sample);
    // One timer per key, at the earliest waiting sample: a watermark jump then costs one pass over
    // the waiting samples, not one per sample.
    Long at = timerAt.value();
    if (at == null || sample.timeEpochMs() < at) {
      if (at != null) {
        ctx.timerService().deleteEventTimeTimer(at);
      }
      ctx.timerService().registerEventTimeTimer(sample.timeEpochMs());
      timerAt.update(sample.timeEpochMs());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterInterval> out)
      throws Exception {
    long watermark = Math.max(timestamp, ctx.timerService().currentWatermark());
    List<ChannelSample> due = new ArrayList<>();
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<Long, ChannelSample>> it = waiting.iterator(); it.hasNext(); ) {
      Map.Entry<Long, ChannelSample> e = it.next();
      if (e.getKey() <= watermark) {
        due.add(e.getValue());
        it.remove();
      } else {
        next = Math.min(next, e.getKey());
      }
    }
    if (next == Long.MAX_VALUE) {
      waiting.clear();
      timerAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(next);
      timerAt.update(next);
    }
    due.sort((a, b) -> Long.compare(a.timeEpochMs(), b.timeEpochMs()));
    for (ChannelSample s : due) {
      apply(s, out);
    }
  }

  private void apply(ChannelSample s, Collector<MeterInterval> out) throws Exception {
    ReadingQuality quality = ReadingQuality.fromCode(s.quality());
    switch (s.mode()) {
      case COUNTER -> applyCounter(s, quality, out);
      case INTEGRATE -> applyRate(s, quality, out);
      case DELTA -> applyDelta(s, quality, out);
      case LIVE_ONLY -> {}
    }
  }

  private void applyCounter(ChannelSample s, ReadingQuality quality, Collector<MeterInterval> out)
      throws Exception {
    if (!quality.hasValue()) {
      // A missing value leaves the counter where it was; the next good reading carries the
      // consumption and flags the interval as a gap if it is too far away.
      return;
    }
    CounterState state = counterState.value();
    if (state == null) {
      state = CounterState.initial();
    }
    CounterIntervalizer.Result r =
        intervalizer(s)
            .apply(
                state,
                new CounterReading(
                    Instant.ofEpochMilli(s.timeEpochMs()), s.value(), s.serial(), quality));
    if (!r.accepted()) {
      rejected.inc();
      return;
    }
    if (r.correction().isPresent()) {
      counterCorrections.inc();
    }
    counterState.update(r.state());
    emit(s, r.intervals(), out);
  }

  private CounterIntervalizer intervalizer(ChannelSample s) {
    CounterChannelConfig config =
        CounterChannelConfig.of(s.meter(), s.channel(), s.unit(), Duration.ofMillis(s.intervalMs()))
            .withMaxInterpolationGap(Duration.ofMillis(s.maxGapMs()));
    if (!Double.isNaN(s.registerMax())) {
      BigDecimal max = BigDecimal.valueOf(s.registerMax()).stripTrailingZeros();
      BigDecimal resolution = BigDecimal.ONE.movePointLeft(Math.max(0, max.scale()));
      config = config.withRegister(max, resolution);
    }
    if (s.frozenAfterMs() > 0) {
      config = config.withFrozenAfter(Duration.ofMillis(s.frozenAfterMs()));
    }
    return new CounterIntervalizer(config);
  }

  private void applyRate(ChannelSample s, ReadingQuality quality, Collector<MeterInterval> out)
      throws Exception {
    if (!quality.hasValue()) {
      return;
    }
    PowerIntegratorState state = rateState.value();
    if (state == null) {
      state = PowerIntegratorState.initial();
    }
    PowerIntegrator integrator =
        new PowerIntegrator(
            new PowerIntegrator.Config(
                s.meter(),
                s.channel(),
                s.unit() + "h",
                Duration.ofMillis(s.intervalMs()),
                Duration.ofMillis(s.maxGapMs())));
    PowerIntegrator.Result r =
        integrator.apply(
            state, new PowerSample(Instant.ofEpochMilli(s.timeEpochMs()), s.value(), quality));
    if (r.rejection().isPresent()) {
      rejected.inc();
      return;
    }
    rateState.update(r.state());
    emit(s, r.intervals(), out);
  }

  private void applyDelta(ChannelSample s, ReadingQuality quality, Collector<MeterInterval> out)
      throws Exception {
    if (!quality.hasValue()) {
      return;
    }
    // The amount since the previous reading is booked to the piece that ends at this reading.
    long t = s.timeEpochMs();
    long start = Math.floorDiv(t - 1, s.intervalMs()) * s.intervalMs();
    Long last = lastDeltaMs.value();
    if (last != null && t <= last) {
      rejected.inc();
      return;
    }
    lastDeltaMs.update(t);
    int mask = "good".equals(s.quality()) ? 0 : IntervalFlag.SOURCE_QUALITY.bit();
    out.collect(
        new MeterInterval(
            s.site(),
            s.zone(),
            s.meter(),
            s.channel(),
            s.quantity(),
            s.unit(),
            s.mode(),
            start,
            start + s.intervalMs(),
            s.value(),
            mask,
            0));
  }

  private static void emit(
      ChannelSample s, List<IntervalConsumption> intervals, Collector<MeterInterval> out) {
    for (IntervalConsumption ic : intervals) {
      out.collect(
          new MeterInterval(
              s.site(),
              s.zone(),
              s.meter(),
              s.channel(),
              s.quantity(),
              s.mode() == ChannelMode.INTEGRATE ? s.unit() + "h" : s.unit(),
              s.mode(),
              ic.start().toEpochMilli(),
              ic.end().toEpochMilli(),
              ic.amount(),
              ic.flagMask(),
              ic.corrections().size()));
    }
  }
}
