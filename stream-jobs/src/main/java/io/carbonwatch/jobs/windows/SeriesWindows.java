package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * All four calendar windows (1m, 15m, 1h, 1d in the series' time zone, see {@link CalendarWindows})
 * of one series in one keyed function. Each one-minute piece is added to the four windows
 * containing it; a window fires once the watermark passes its end plus {@code grace} and again for
 * every piece that arrives after that (a correction, counted, emitted only when the total changed —
 * InfluxDB writes are upserts at the window start). A window's state is dropped {@code
 * allowedLateness} after its end; a piece whose minute is beyond that is dropped and counted.
 *
 * <p>The grace exists because a counter interval is only known when the meter's next reading
 * arrives, which is at or after the interval's end: without it a window would fire just before its
 * last interval and then correct itself every time.
 *
 * <p>Why one function rather than four cascaded window operators: each level was an operator of its
 * own behind a network exchange, with a timer per key per window and the key re-serialized between
 * them. Here a piece is added to four buckets in one keyed-state access path; a bucket registers
 * its firing timer when it is created, and a timer finds its bucket by computing the window from
 * its own timestamp, so nothing is scanned. Clean-up timers exist only for hours and days: an
 * hour's clean-up also drops its minutes and quarter-hours (kept up to an hour longer than their
 * own lateness, which the drop rule on arrival does not depend on). With 6 h of allowed lateness a
 * per-minute clean-up timer would keep ~360 timers per series in the timer heap. The outputs
 * (totals and corrections, same records) are those of the cascade: a piece that is too late for its
 * minute is too late for every window, as it was when minutes fed quarter-hours.
 */
public final class SeriesWindows extends KeyedProcessFunction<String, SeriesAmount, SeriesAmount> {
  private static final long serialVersionUID = 1L;
  private static final WindowSpec[] SPECS = WindowSpec.values();

  /**
   * One window's running total and whether it was emitted. Flink POJO. No copy of the emitted total
   * is kept: every piece counts in {@link #pieces}, so a piece added after the firing always
   * changes the total and is always a correction.
   */
  public static final class Bucket {
    public double amount;
    public double[] gas;
    public int qualityMask;
    public String lineage;
    public long pieces;
    public boolean fired;

    public Bucket() {}
  }

  private final long graceMs;
  private final long latenessMs;
  private transient ValueState<SeriesAmount> template;
  private transient MapState<Long, Bucket> buckets;
  private transient Map<String, ZoneId> zones;
  private transient TimeWindow[] recent;
  private transient ZoneId[] recentZone;
  private transient Counter corrections;
  private transient Counter windowsEmitted;
  private transient Counter droppedLate;

  public SeriesWindows(Duration grace, Duration allowedLateness) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: must be >= 0, got " + grace);
    }
    if (allowedLateness.compareTo(grace) < 0) {
      throw new IllegalArgumentException(
          "allowedLateness: must be at least the window grace " + grace);
    }
    this.graceMs = grace.toMillis();
    this.latenessMs = allowedLateness.toMillis();
  }

  public static String keyOf(SeriesAmount s) {
    return s.key();
  }

  @Override
  public void open(OpenContext openContext) {
    template =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("series", TypeInformation.of(SeriesAmount.class)));
    buckets =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("buckets", Types.LONG, TypeInformation.of(Bucket.class)));
    zones = new HashMap<>();
    recent = new TimeWindow[SPECS.length];
    recentZone = new ZoneId[SPECS.length];
    var metrics = getRuntimeContext().getMetricGroup();
    corrections = metrics.counter("cwWindowCorrections");
    windowsEmitted = metrics.counter("cwWindowsEmitted");
    droppedLate = metrics.counter("cwWindowLateDropped");
  }

  /** Bucket key: the window start and its size, which is enough to recompute its end. */
  private static long bucketKey(TimeWindow w, WindowSpec spec) {
    return w.getStart() * SPECS.length + spec.ordinal();
  }

  private ZoneId zone(String id) {
    return zones.computeIfAbsent(id, ZoneId::of);
  }

  /** The window of {@code spec} containing {@code t}, reusing the last one computed if it fits. */
  private TimeWindow window(WindowSpec spec, ZoneId zone, long t) {
    int i = spec.ordinal();
    TimeWindow w = recent[i];
    if (w != null && recentZone[i] == zone && t >= w.getStart() && t < w.getEnd()) {
      return w;
    }
    w = CalendarWindows.window(spec, zone, t);
    recent[i] = w;
    recentZone[i] = zone;
    return w;
  }

  @Override
  public void processElement(SeriesAmount piece, Context ctx, Collector<SeriesAmount> out)
      throws Exception {
    ZoneId zone = zone(piece.zone());
    long watermark = ctx.timerService().currentWatermark();
    TimeWindow minute = window(WindowSpec.M1, zone, piece.startEpochMs());
    if (minute.maxTimestamp() + latenessMs <= watermark) {
      droppedLate.inc();
      return;
    }
    SeriesAmount series = template.value();
    if (series == null) {
      series = piece;
      template.update(piece);
    }
    for (WindowSpec spec : SPECS) {
      TimeWindow w = spec == WindowSpec.M1 ? minute : window(spec, zone, piece.startEpochMs());
      long key = bucketKey(w, spec);
      Bucket b = buckets.get(key);
      boolean created = b == null;
      if (created) {
        b = new Bucket();
      }
      add(b, piece);
      long fireAt = w.maxTimestamp() + graceMs;
      if (fireAt <= watermark) {
        emit(series, spec, w, b, out);
      } else if (created) {
        ctx.timerService().registerEventTimeTimer(fireAt);
      }
      if (created && (spec == WindowSpec.H1 || spec == WindowSpec.D1)) {
        ctx.timerService().registerEventTimeTimer(w.maxTimestamp() + latenessMs);
      }
      buckets.put(key, b);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    SeriesAmount series = template.value();
    if (series == null) {
      return;
    }
    ZoneId zone = zone(series.zone());
    for (WindowSpec spec : SPECS) {
      TimeWindow due = CalendarWindows.window(spec, zone, timestamp - graceMs);
      if (due.maxTimestamp() + graceMs == timestamp) {
        long key = bucketKey(due, spec);
        Bucket b = buckets.get(key);
        // A bucket fires once from its timer; later emissions come from late pieces.
        if (b != null && !b.fired) {
          emit(series, spec, due, b, out);
          buckets.put(key, b);
        }
      }
      if (spec == WindowSpec.H1 || spec == WindowSpec.D1) {
        TimeWindow expired = CalendarWindows.window(spec, zone, timestamp - latenessMs);
        if (expired.maxTimestamp() + latenessMs == timestamp) {
          buckets.remove(bucketKey(expired, spec));
          if (spec == WindowSpec.H1) {
            removeInside(expired, WindowSpec.M1, zone);
            removeInside(expired, WindowSpec.M15, zone);
          }
        }
      }
    }
    if (buckets.isEmpty()) {
      template.clear();
    }
  }

  /** Drops the buckets of {@code spec} that start inside {@code hour}. */
  private void removeInside(TimeWindow hour, WindowSpec spec, ZoneId zone) throws Exception {
    long t = hour.getStart();
    while (t < hour.getEnd()) {
      TimeWindow w = CalendarWindows.window(spec, zone, t);
      buckets.remove(bucketKey(w, spec));
      t = w.getEnd();
    }
  }

  private static void add(Bucket b, SeriesAmount in) {
    if (b.pieces == 0 && b.lineage == null) {
      b.lineage = in.lineage();
    } else if (in.lineage() != null && !in.lineage().equals(b.lineage)) {
      b.lineage = mergeLineage(b.lineage, in.lineage());
    }
    b.amount += in.amount();
    double[] gas = in.gasCo2eKg();
    if (gas != null) {
      if (b.gas == null) {
        b.gas = new double[SeriesAmount.GAS_GROUPS];
      }
      for (int i = 0; i < SeriesAmount.GAS_GROUPS; i++) {
        b.gas[i] += gas[i];
      }
    }
    b.qualityMask |= in.qualityMask();
    b.pieces += in.pieces();
  }

  static String mergeLineage(String a, String b) {
    if (a == null || a.isEmpty()) {
      return b;
    }
    if (b == null || b.isEmpty()) {
      return a;
    }
    TreeSet<String> parts = new TreeSet<>();
    parts.addAll(Arrays.asList(a.split(";")));
    parts.addAll(Arrays.asList(b.split(";")));
    return String.join(";", parts);
  }

  /** Emits the window's total; after the first firing every emission is a correction. */
  private void emit(
      SeriesAmount series, WindowSpec spec, TimeWindow w, Bucket b, Collector<SeriesAmount> out) {
    if (b.fired) {
      corrections.inc();
    }
    b.fired = true;
    windowsEmitted.inc();
    out.collect(
        new SeriesAmount(
            series.key(),
            series.site(),
            series.zone(),
            series.level(),
            series.id(),
            series.metric(),
            series.unit(),
            spec.wire(),
            w.getStart(),
            w.getEnd(),
            b.amount,
            b.gas == null ? null : b.gas.clone(),
            b.qualityMask,
            b.lineage,
            b.pieces));
  }
}
