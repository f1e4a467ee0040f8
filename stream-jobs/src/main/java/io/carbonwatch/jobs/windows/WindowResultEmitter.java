package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Emits a window's total (main output, written to InfluxDB as an upsert at the window start) and
 * the change since the window's previous firing (side output, fed to the next larger window).
 * Feeding changes rather than totals is what lets a late correction flow up from minutes to days
 * without double counting. A firing after the first is a correction and is counted.
 */
public final class WindowResultEmitter
    extends ProcessWindowFunction<SeriesAmount, SeriesAmount, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  private final WindowSpec spec;
  private final OutputTag<SeriesAmount> deltas;
  private final ValueStateDescriptor<SeriesAmount> lastEmitted;
  private transient Counter corrections;
  private transient Counter windowsEmitted;

  public WindowResultEmitter(WindowSpec spec, OutputTag<SeriesAmount> deltas) {
    this.spec = spec;
    this.deltas = deltas;
    this.lastEmitted = new ValueStateDescriptor<>("last-emitted", SeriesAmount.class);
  }

  @Override
  public void open(OpenContext openContext) {
    corrections = getRuntimeContext().getMetricGroup().counter("cwWindowCorrections");
    windowsEmitted = getRuntimeContext().getMetricGroup().counter("cwWindowsEmitted");
  }

  @Override
  public void process(
      String key, Context context, Iterable<SeriesAmount> totals, Collector<SeriesAmount> out)
      throws Exception {
    SeriesAmount total =
        totals
            .iterator()
            .next()
            .withPeriod(spec.wire(), context.window().getStart(), context.window().getEnd());
    ValueState<SeriesAmount> last = context.windowState().getState(lastEmitted);
    SeriesAmount previous = last.value();
    SeriesAmount delta;
    if (previous == null) {
      delta = total;
    } else {
      if (sameAmounts(previous, total)) {
        return;
      }
      corrections.inc();
      delta =
          total.withAmounts(
              total.amount() - previous.amount(),
              subtract(total.gasCo2eKg(), previous.gasCo2eKg()),
              total.pieces() - previous.pieces());
    }
    last.update(total);
    windowsEmitted.inc();
    out.collect(total);
    if (deltas != null) {
      context.output(deltas, delta);
    }
  }

  private static boolean sameAmounts(SeriesAmount a, SeriesAmount b) {
    return a.amount() == b.amount()
        && a.pieces() == b.pieces()
        && a.qualityMask() == b.qualityMask()
        && java.util.Arrays.equals(a.gasCo2eKg(), b.gasCo2eKg());
  }

  private static double[] subtract(double[] a, double[] b) {
    if (a == null) {
      return null;
    }
    double[] out = a.clone();
    if (b != null) {
      for (int i = 0; i < SeriesAmount.GAS_GROUPS; i++) {
        out[i] -= b[i];
      }
    }
    return out;
  }

  @Override
  public void clear(Context context) throws Exception {
    context.windowState().getState(lastEmitted).clear();
  }
}
