package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.wire.LiveSample;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.jobs.model.LivePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The live feed of one SEU (keyed by {@code site/seu}): keeps the newest partial sum of power and
 * emission rate from each meter subtask ({@link LiveBoard}, one {@code source} per subtask) and
 * publishes their sum at most once per {@code interval} of processing time. The sample is published
 * as soon as a reading arrives after the interval has passed (not on a timer tick), so the latency
 * from poll to dashboard is the pipeline's, not the interval's.
 *
 * <p>Live data is for dashboards, not for totals: it is processing-time, not exact, and a rate
 * older than {@code staleAfter} (event time, relative to the newest) is left out of the sum and
 * marks the sample {@code estimated}.
 */
public final class LiveAggregator extends KeyedProcessFunction<String, LivePoint, LiveSample> {
  private static final long serialVersionUID = 1L;

  /** A part this many stale-after periods older than the newest is dropped. */
  static final int FORGET_AFTER_STALE = 10;

  private final long intervalMs;
  private final long staleAfterMs;
  private transient MapState<String, LivePoint> latest;
  private transient ValueState<Long> lastEmitMs;

  public LiveAggregator(Duration interval, Duration staleAfter) {
    this.intervalMs = interval.toMillis();
    this.staleAfterMs = staleAfter.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    latest =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "latest", Types.STRING, TypeInformation.of(LivePoint.class)));
    lastEmitMs = getRuntimeContext().getState(new ValueStateDescriptor<>("last-emit", Types.LONG));
  }

  @Override
  public void processElement(LivePoint p, Context ctx, Collector<LiveSample> out) throws Exception {
    LivePoint previous = latest.get(p.source());
    if (previous == null || previous.timeEpochMs() <= p.timeEpochMs()) {
      latest.put(p.source(), p);
    }
    long now = ctx.timerService().currentProcessingTime();
    Long last = lastEmitMs.value();
    if (last != null && now - last < intervalMs) {
      return;
    }
    lastEmitMs.update(now);
    long newest = Long.MIN_VALUE;
    for (LivePoint l : latest.values()) {
      newest = Math.max(newest, l.timeEpochMs());
    }
    double kw = 0;
    double kgPerH = 0;
    Quality quality = Quality.GOOD;
    java.util.List<String> gone = null;
    for (Map.Entry<String, LivePoint> e : latest.entries()) {
      LivePoint l = e.getValue();
      if (newest - l.timeEpochMs() > staleAfterMs) {
        quality = Quality.ESTIMATED;
        if (newest - l.timeEpochMs() > FORGET_AFTER_STALE * staleAfterMs) {
          // A subtask that no longer exists (the job was rescaled) or holds none of the SEU's
          // meters any more: after a while its old part is forgotten, not "estimated" forever.
          gone = gone == null ? new java.util.ArrayList<>() : gone;
          gone.add(e.getKey());
        }
        continue;
      }
      kw += l.powerKw();
      kgPerH += l.emissionKgPerH();
      if (!"good".equals(l.quality())) {
        quality = Quality.ESTIMATED;
      }
    }
    if (gone != null) {
      for (String source : gone) {
        latest.remove(source);
      }
    }
    out.collect(
        new LiveSample(p.site(), p.seu(), Instant.ofEpochMilli(newest), kw, kgPerH, quality));
  }
}
