package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The cascade of windows: one-minute pieces → 1m → 15m → 1h → 1d, each fed with the changes of the
 * one before. Every level fires after {@code grace} past its end and accepts corrections until
 * {@code allowedLateness} past its end.
 */
public final class SeriesWindows {
  private SeriesWindows() {}

  /** Totals of every window size, keyed by size. */
  public static Map<WindowSpec, DataStream<SeriesAmount>> build(
      DataStream<SeriesAmount> pieces, Duration grace, Duration allowedLateness) {
    if (allowedLateness.compareTo(grace) < 0) {
      throw new IllegalArgumentException(
          "allowedLateness: must be at least the window grace " + grace);
    }
    Map<WindowSpec, DataStream<SeriesAmount>> totals = new EnumMap<>(WindowSpec.class);
    DataStream<SeriesAmount> input = pieces;
    for (WindowSpec spec : WindowSpec.values()) {
      OutputTag<SeriesAmount> deltaTag =
          new OutputTag<>(
              "deltas-" + spec.wire(),
              org.apache.flink.api.common.typeinfo.TypeInformation.of(SeriesAmount.class));
      SingleOutputStreamOperator<SeriesAmount> result =
          input
              .keyBy(SeriesAmount::key)
              .window(new CalendarWindows(spec, grace.toMillis()))
              .allowedLateness(allowedLateness)
              .aggregate(new SeriesSum(), new WindowResultEmitter(spec, deltaTag))
              .name("window " + spec.wire())
              .uid("window-" + spec.wire());
      totals.put(spec, result);
      input = result.getSideOutput(deltaTag);
    }
    return totals;
  }
}
