package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * All five calendar windows (1m, 15m, 1h, 1d and the month 1mo in the series' time zone, see {@link
 * CalendarWindows}) of one series in one keyed function. Each one-minute piece is added to the five
 * windows containing it; a window fires once the watermark passes its end plus {@code grace} and
 * again for every piece that arrives after that (a correction, counted, emitted only when the total
 * changed — InfluxDB writes are upserts at the window start). A window's state is dropped {@code
 * allowedLateness} after its end; a piece whose minute is beyond that is dropped and counted.
 *
 * <p>The grace exists because a counter interval is only known when the meter's next reading
 * arrives, which is at or after the interval's end: without it a window would fire just before its
 * last interval and then correct itself every time.
 *
 * <p>Why one function rather than four cascaded window operators: each level was an operator of its
 * own behind a network exchange, with a timer per key per window and the key re-serialized between
 * them. Here a piece is added to five buckets in one keyed-state access; a bucket registers its
 * firing timer when it is created, and a timer finds its bucket by computing the window from its
 * own timestamp. Clean-up timers exist only for hours, days and months: a clean-up drops every
 * bucket of every size whose lateness has run out (minutes and quarter-hours are kept up to an hour
 * longer than their own lateness, which the drop rule on arrival does not depend on). With 6 h of
 * allowed lateness a per-minute clean-up timer would keep ~360 timers per series in the timer heap.
 * The outputs (totals and corrections, same records) are those of the cascade: a piece that is too
 * late for its minute is too late for every window, as it was when minutes fed quarter-hours.
 *
 * <p>Why the buckets are columns of arrays ({@link Buckets}) in one value per series rather than a
 * map of bucket objects: 6 h of lateness keep ~400 minute buckets per series alive, and as objects
 * in a map (entry, boxed key, bucket, gas array) they were millions of long-lived objects that
 * every young garbage collection had to trace through — it paused the job for a tenth of a second
 * at a time. Sorted columns hold the same numbers in a handful of arrays; pieces come in for the
 * newest buckets, so the search runs from the end and is over after a step or two.
 */
public final class SeriesWindows extends KeyedProcessFunction<String, SeriesAmount, SeriesAmount> {
  private static final long serialVersionUID = 1L;
  private static final WindowSpec[] SPECS = WindowSpec.values();

  /** Everything one series keeps: its description and the open buckets of each window size. */
  public static final class SeriesState {
    /** The first piece: site, zone, level, id, metric and unit of every total. */
    public SeriesAmount series;

    /** One entry per {@link WindowSpec}, by ordinal. */
    public Buckets[] buckets;

    public SeriesState() {}

    boolean isEmpty() {
      for (Buckets b : buckets) {
        if (b.size > 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The open windows of one size, sorted by start: entry {@code i} of every array is window {@code
   * i}. No copy of an emitted total is kept: every piece counts in {@link #pieces}, so a piece
   * added after the firing always changes the total and is always a correction. Flink POJO.
   */
  public static final class Buckets {
    public int size;
    public long[] start;
    public long[] end;
    public double[] amount;

    /** {@link SeriesAmount#GAS_GROUPS} per window, or {@code null} for a series without gases. */
    public double[] gas;

    public int[] qualityMask;
    public String[] lineage;
    public long[] pieces;
    public boolean[] fired;

    public Buckets() {}

    static Buckets empty() {
      Buckets b = new Buckets();
      b.start = new long[0];
      b.end = new long[0];
      b.amount = new double[0];
      b.qualityMask = new int[0];
      b.lineage = new String[0];
      b.pieces = new long[0];
      b.fired = new boolean[0];
      return b;
    }

    /** The index of the window starting at {@code startMs}, or {@code -(insertion point) - 1}. */
    int find(long startMs) {
      int i = size - 1;
      while (i >= 0 && start[i] > startMs) {
        i--;
      }
      return i >= 0 && start[i] == startMs ? i : -(i + 1) - 1;
    }

    /** Opens window {@code w} at index {@code at} (the insertion point of its start). */
    int insert(int at, TimeWindow w, boolean withGas) {
      if (size == start.length) {
        int n = Math.max(4, size * 2);
        start = Arrays.copyOf(start, n);
        end = Arrays.copyOf(end, n);
        amount = Arrays.copyOf(amount, n);
        qualityMask = Arrays.copyOf(qualityMask, n);
        lineage = Arrays.copyOf(lineage, n);
        pieces = Arrays.copyOf(pieces, n);
        fired = Arrays.copyOf(fired, n);
        if (gas != null) {
          gas = Arrays.copyOf(gas, n * SeriesAmount.GAS_GROUPS);
        }
      }
      if (withGas && gas == null) {
        gas = new double[start.length * SeriesAmount.GAS_GROUPS];
      }
      int tail = size - at;
      System.arraycopy(start, at, start, at + 1, tail);
      System.arraycopy(end, at, end, at + 1, tail);
      System.arraycopy(amount, at, amount, at + 1, tail);
      System.arraycopy(qualityMask, at, qualityMask, at + 1, tail);
      System.arraycopy(lineage, at, lineage, at + 1, tail);
      System.arraycopy(pieces, at, pieces, at + 1, tail);
      System.arraycopy(fired, at, fired, at + 1, tail);
      if (gas != null) {
        int g = SeriesAmount.GAS_GROUPS;
        System.arraycopy(gas, at * g, gas, (at + 1) * g, tail * g);
        Arrays.fill(gas, at * g, (at + 1) * g, 0);
      }
      start[at] = w.getStart();
      end[at] = w.getEnd();
      amount[at] = 0;
      qualityMask[at] = 0;
      lineage[at] = null;
      pieces[at] = 0;
      fired[at] = false;
      size++;
      return at;
    }

    /** Drops the windows whose end (exclusive) is at or before {@code limitMs}: a prefix. */
    void dropEndingBy(long limitMs) {
      int n = 0;
      while (n < size && end[n] <= limitMs) {
        n++;
      }
      if (n == 0) {
        return;
      }
      int tail = size - n;
      System.arraycopy(start, n, start, 0, tail);
      System.arraycopy(end, n, end, 0, tail);
      System.arraycopy(amount, n, amount, 0, tail);
      System.arraycopy(qualityMask, n, qualityMask, 0, tail);
      System.arraycopy(lineage, n, lineage, 0, tail);
      Arrays.fill(lineage, tail, size, null);
      System.arraycopy(pieces, n, pieces, 0, tail);
      System.arraycopy(fired, n, fired, 0, tail);
      if (gas != null) {
        int g = SeriesAmount.GAS_GROUPS;
        System.arraycopy(gas, n * g, gas, 0, tail * g);
      }
      size = tail;
    }
  }

  private final long graceMs;
  private final long latenessMs;
  private transient ValueState<SeriesState> state;
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
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("series", SeriesState.class));
    zones = new HashMap<>();
    recent = new TimeWindow[CLEANUP_HOUR + 1];
    recentZone = new ZoneId[CLEANUP_HOUR + 1];
    var metrics = getRuntimeContext().getMetricGroup();
    corrections = metrics.counter("cwWindowCorrections");
    windowsEmitted = metrics.counter("cwWindowsEmitted");
    droppedLate = metrics.counter("cwWindowLateDropped");
  }

  private ZoneId zone(String id) {
    return zones.computeIfAbsent(id, ZoneId::of);
  }

  /**
   * The cache slot of the hour a clean-up timer checks, apart from the hours the firing looks at:
   * the two are hours apart, and sharing one slot recomputed both on every timer.
   */
  private static final int CLEANUP_HOUR = SPECS.length;

  /** The window of {@code spec} containing {@code t}, reusing the last one computed if it fits. */
  private TimeWindow window(WindowSpec spec, ZoneId zone, long t) {
    return window(spec.ordinal(), spec, zone, t);
  }

  private TimeWindow window(int i, WindowSpec spec, ZoneId zone, long t) {
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
    SeriesState s = state.value();
    if (s == null) {
      s = new SeriesState();
      s.series = piece;
      s.buckets = new Buckets[SPECS.length];
      for (int i = 0; i < SPECS.length; i++) {
        s.buckets[i] = Buckets.empty();
      }
    }
    for (WindowSpec spec : SPECS) {
      TimeWindow w = spec == WindowSpec.M1 ? minute : window(spec, zone, piece.startEpochMs());
      Buckets b = s.buckets[spec.ordinal()];
      int i = b.find(w.getStart());
      boolean created = i < 0;
      if (created) {
        i = b.insert(-i - 1, w, piece.gasCo2eKg() != null);
      }
      add(b, i, piece);
      long fireAt = w.maxTimestamp() + graceMs;
      if (fireAt <= watermark) {
        emit(s.series, spec, b, i, out);
      } else if (created) {
        ctx.timerService().registerEventTimeTimer(fireAt);
      }
      if (created && (spec == WindowSpec.H1 || spec == WindowSpec.D1 || spec == WindowSpec.MO1)) {
        ctx.timerService().registerEventTimeTimer(w.maxTimestamp() + latenessMs);
      }
    }
    state.update(s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesAmount> out)
      throws Exception {
    SeriesState s = state.value();
    if (s == null) {
      return;
    }
    ZoneId zone = zone(s.series.zone());
    for (WindowSpec spec : SPECS) {
      TimeWindow due = window(spec, zone, timestamp - graceMs);
      if (due.maxTimestamp() + graceMs == timestamp) {
        Buckets b = s.buckets[spec.ordinal()];
        int i = b.find(due.getStart());
        // A bucket fires once from its timer; later emissions come from late pieces.
        if (i >= 0 && !b.fired[i]) {
          emit(s.series, spec, b, i, out);
        }
      }
    }
    // Clean-up, on an hour's clean-up timer only (days and months end on hours): every window whose
    // lateness has run out (its last millisecond plus the lateness is at or before now), of every
    // size — the minutes and quarters go with their hour. Running it on every minute's timer
    // touched all five sizes' columns once a minute for nothing.
    TimeWindow hour = window(CLEANUP_HOUR, WindowSpec.H1, zone, timestamp - latenessMs);
    if (hour.maxTimestamp() + latenessMs == timestamp) {
      for (Buckets b : s.buckets) {
        b.dropEndingBy(timestamp - latenessMs + 1);
      }
      if (s.isEmpty()) {
        state.clear();
        return;
      }
    }
    state.update(s);
  }

  private static void add(Buckets b, int i, SeriesAmount in) {
    if (b.pieces[i] == 0 && b.lineage[i] == null) {
      b.lineage[i] = in.lineage();
    } else if (in.lineage() != null && !in.lineage().equals(b.lineage[i])) {
      b.lineage[i] = mergeLineage(b.lineage[i], in.lineage());
    }
    b.amount[i] += in.amount();
    double[] gas = in.gasCo2eKg();
    if (gas != null) {
      int g = SeriesAmount.GAS_GROUPS;
      for (int k = 0; k < g; k++) {
        b.gas[i * g + k] += gas[k];
      }
    }
    b.qualityMask[i] |= in.qualityMask();
    b.pieces[i] += in.pieces();
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

  /** Emits window {@code i}'s total; after the first firing every emission is a correction. */
  private void emit(
      SeriesAmount series, WindowSpec spec, Buckets b, int i, Collector<SeriesAmount> out) {
    if (b.fired[i]) {
      corrections.inc();
    }
    b.fired[i] = true;
    windowsEmitted.inc();
    double[] gas = null;
    if (b.gas != null && series.gasCo2eKg() != null) {
      int g = SeriesAmount.GAS_GROUPS;
      gas = Arrays.copyOfRange(b.gas, i * g, (i + 1) * g);
    }
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
            b.start[i],
            b.end[i],
            b.amount[i],
            gas,
            b.qualityMask[i],
            b.lineage[i],
            b.pieces[i]));
  }
}
