package io.carbonwatch.jobs.functions;

import io.carbonwatch.jobs.model.ParameterInput;
import io.carbonwatch.jobs.model.ParameterPoint;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Carbon performance parameters (6.1.4) of one window (keyed by {@code site|parameter|start}): a
 * total is its target's window total; an intensity waits for both its target's total and its
 * relevant variable's, then divides. Every change of either side — a window emitted again after
 * late data — emits the parameter again, flagged {@code corrected}, on the same InfluxDB point.
 *
 * <p>No timer fires for the value: the window totals already come once the watermark has passed the
 * window (plus its grace). The one timer per key clears the state once the window's allowed
 * lateness has passed, because no total of that window can change after it.
 */
public final class ParameterEvaluator
    extends KeyedProcessFunction<String, ParameterInput, ParameterPoint> {
  private static final long serialVersionUID = 1L;

  /** Both sides of one window. Flink POJO. */
  public static final class Sides {
    public double numerator = Double.NaN;
    public double denominator = Double.NaN;
    public int numeratorMask;
    public int denominatorMask;
    public boolean emitted;

    public Sides() {}
  }

  private final long allowedLatenessMs;
  private transient ValueState<Sides> sides;
  private transient Counter corrections;

  /**
   * @param allowedLateness how long after its end a window total may still change
   */
  public ParameterEvaluator(Duration allowedLateness) {
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    sides = getRuntimeContext().getState(new ValueStateDescriptor<>("sides", Sides.class));
    corrections = getRuntimeContext().getMetricGroup().counter("cwParameterCorrections");
  }

  @Override
  public void processElement(ParameterInput in, Context ctx, Collector<ParameterPoint> out)
      throws Exception {
    long clearAt = in.endEpochMs() + allowedLatenessMs;
    Sides s = sides.value();
    if (s == null) {
      if (clearAt <= ctx.timerService().currentWatermark()) {
        // The window's state is gone already: nothing can be corrected any more.
        return;
      }
      s = new Sides();
      ctx.timerService().registerEventTimeTimer(clearAt);
    }
    if (in.denominator()) {
      s.denominator = in.value();
      s.denominatorMask = in.qualityMask();
    } else {
      s.numerator = in.value();
      s.numeratorMask = in.qualityMask();
    }
    boolean intensity = in.per() != null;
    if (!Double.isNaN(s.numerator) && (!intensity || !Double.isNaN(s.denominator))) {
      double value =
          !intensity ? s.numerator : s.denominator == 0 ? Double.NaN : s.numerator / s.denominator;
      if (s.emitted) {
        corrections.inc();
      }
      out.collect(
          new ParameterPoint(
              in.site(),
              in.parameter(),
              in.kind(),
              in.target(),
              in.per(),
              in.unit(),
              in.window(),
              in.startEpochMs(),
              in.endEpochMs(),
              value,
              s.numerator,
              intensity ? s.denominator : Double.NaN,
              s.numeratorMask | s.denominatorMask,
              s.emitted));
      s.emitted = true;
    }
    sides.update(s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ParameterPoint> out) {
    sides.clear();
  }
}
