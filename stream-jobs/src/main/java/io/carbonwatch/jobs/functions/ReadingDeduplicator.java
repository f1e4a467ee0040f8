package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.wire.Reading;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops readings whose (meter, seq) was already seen. Keyed by {@code site/meter}; the state is the
 * highest sequence number seen and a ring of bits for the {@link #WINDOW} numbers below it — a few
 * KiB per meter, O(1) per reading — kept with a time-to-live so meters that disappear are
 * forgotten.
 *
 * <p>A sequence number more than {@link #WINDOW} below the highest (at a 5 s poll, about 3.8 days
 * of backlog) cannot be judged and passes, counted as {@code cwDedupeBeyondWindow}; downstream the
 * counter intervalizer and the delta booking reject readings that are not after the channel's last
 * one, so totals are unaffected. The TTL is in processing time (Flink's only TTL clock).
 *
 * <p>Why not a {@code MapState} with TTL: Flink's incremental TTL cleanup copies a key's whole map
 * on access, which made dedupe cost O(seen readings) per reading.
 */
public final class ReadingDeduplicator extends KeyedProcessFunction<String, Reading, Reading> {
  private static final long serialVersionUID = 1L;

  /** Sequence numbers remembered below the highest one. */
  public static final int WINDOW = 65_536;

  /** Flink POJO: highest seq seen and a ring of seen bits indexed by {@code seq mod WINDOW}. */
  public static final class Seen {
    public long high;
    public long[] bits;

    public Seen() {}
  }

  private final Duration ttl;
  private transient ValueState<Seen> seen;
  private transient Counter duplicates;
  private transient Counter beyondWindow;

  public ReadingDeduplicator(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("dedupe ttl: must be positive, got " + ttl);
    }
    this.ttl = ttl;
  }

  public static String keyOf(Reading r) {
    return r.site() + '/' + r.meter();
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Seen> descriptor = new ValueStateDescriptor<>("seen-seq", Seen.class);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("cwDuplicateReadings");
    beyondWindow = getRuntimeContext().getMetricGroup().counter("cwDedupeBeyondWindow");
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<Reading> out)
      throws Exception {
    Seen s = seen.value();
    long seq = reading.seq();
    if (s == null) {
      s = new Seen();
      s.high = seq;
      s.bits = new long[WINDOW / 64];
      set(s, seq);
    } else if (seq > s.high) {
      // Advance: forget the numbers that fall out of the window.
      long advance = seq - s.high;
      if (advance >= WINDOW) {
        java.util.Arrays.fill(s.bits, 0);
      } else {
        for (long n = s.high + 1; n <= seq; n++) {
          clear(s, n);
        }
      }
      s.high = seq;
      set(s, seq);
    } else if (seq <= s.high - WINDOW) {
      beyondWindow.inc();
      out.collect(reading);
      return;
    } else if (isSet(s, seq)) {
      duplicates.inc();
      return;
    } else {
      set(s, seq);
    }
    seen.update(s);
    out.collect(reading);
  }

  private static int index(long seq) {
    return (int) Math.floorMod(seq, (long) WINDOW);
  }

  private static boolean isSet(Seen s, long seq) {
    int i = index(seq);
    return (s.bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private static void set(Seen s, long seq) {
    int i = index(seq);
    s.bits[i >>> 6] |= 1L << (i & 63);
  }

  private static void clear(Seen s, long seq) {
    int i = index(seq);
    s.bits[i >>> 6] &= ~(1L << (i & 63));
  }
}
