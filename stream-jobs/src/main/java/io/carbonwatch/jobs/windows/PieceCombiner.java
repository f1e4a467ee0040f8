package io.carbonwatch.jobs.windows;

import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds up the one-minute pieces of the same series and minute that one meter subtask produces,
 * before they cross the network to {@link SeriesWindows}: a site's 500 sub-meters give its site,
 * organisation and SEU series one record per minute from each subtask instead of 500. Chained
 * behind the meter operator, so nothing is serialized on the way in.
 *
 * <p>Sums are exact to reorder (addition of the same pieces), the quality flags are OR-ed and the
 * lineage merged exactly as the windows do, and {@link SeriesAmount#pieces()} still counts the
 * original pieces, so the window totals are those of the uncombined stream.
 *
 * <p>It holds pieces only between flushes and flushes before every watermark it forwards (the
 * pieces a watermark's timers produced reach the windows ahead of that watermark, so no window
 * fires without them), before every checkpoint barrier (nothing buffered needs to be in a
 * checkpoint: the state it would need is empty at the barrier), at the end of input, and every
 * {@code flushEvery} of processing time (late pieces arriving while the watermark stands still).
 * This is Flink SQL's mini-batch local aggregation, for one record type.
 */
public final class PieceCombiner extends AbstractStreamOperator<SeriesAmount>
    implements OneInputStreamOperator<SeriesAmount, SeriesAmount> {
  private static final long serialVersionUID = 1L;

  /** Flush early when this many distinct (series, minute) sums are held. */
  static final int MAX_HELD = 100_000;

  private final long flushEveryMs;

  /**
   * The sums held, by series key: each series' sums (one per window and period) chained through
   * {@link Sum#next}, newest first. A series key string is one instance per series (made when the
   * plan is compiled), so the lookup is a cached hash and a reference comparison, with no key
   * object built per piece.
   */
  private transient Map<String, Sum> held;

  /** Every sum held, in arrival order: the order the flush sends them in. */
  private transient List<Sum> order;

  private transient StreamRecord<SeriesAmount> reuse;

  public PieceCombiner(Duration flushEvery) {
    if (flushEvery.isNegative() || flushEvery.isZero()) {
      throw new IllegalArgumentException("flushEvery: must be positive, got " + flushEvery);
    }
    this.flushEveryMs = flushEvery.toMillis();
  }

  private static final class Sum {
    SeriesAmount first;
    Sum next;
    long timestamp;
    boolean hasTimestamp;
    double amount;
    double[] gas;
    int qualityMask;
    String lineage;
    long pieces;

    boolean holds(SeriesAmount p) {
      return first.startEpochMs() == p.startEpochMs()
          && first.endEpochMs() == p.endEpochMs()
          && first.window().equals(p.window());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    held = new HashMap<>();
    order = new ArrayList<>();
    reuse = new StreamRecord<>(null);
    scheduleFlush();
  }

  private void scheduleFlush() {
    var time = getProcessingTimeService();
    time.registerTimer(
        time.getCurrentProcessingTime() + flushEveryMs,
        t -> {
          flush();
          scheduleFlush();
        });
  }

  @Override
  public void processElement(StreamRecord<SeriesAmount> element) {
    SeriesAmount p = element.getValue();
    Sum head = held.get(p.key());
    for (Sum s = head; s != null; s = s.next) {
      if (s.holds(p)) {
        add(s, p, element);
        return;
      }
    }
    Sum s = new Sum();
    s.first = p;
    s.lineage = p.lineage();
    s.next = head;
    held.put(p.key(), s);
    order.add(s);
    add(s, p, element);
  }

  private void add(Sum s, SeriesAmount p, StreamRecord<SeriesAmount> element) {
    if (s.first != p && p.lineage() != null && !p.lineage().equals(s.lineage)) {
      s.lineage = SeriesWindows.mergeLineage(s.lineage, p.lineage());
    }
    s.amount += p.amount();
    double[] gas = p.gasCo2eKg();
    if (gas != null) {
      if (s.gas == null) {
        s.gas = new double[SeriesAmount.GAS_GROUPS];
      }
      for (int i = 0; i < SeriesAmount.GAS_GROUPS; i++) {
        s.gas[i] += gas[i];
      }
    }
    s.qualityMask |= p.qualityMask();
    s.pieces += p.pieces();
    if (element.hasTimestamp()) {
      s.timestamp =
          s.hasTimestamp ? Math.max(s.timestamp, element.getTimestamp()) : element.getTimestamp();
      s.hasTimestamp = true;
    }
    if (order.size() >= MAX_HELD) {
      flush();
    }
  }

  private void flush() {
    if (order.isEmpty()) {
      return;
    }
    for (Sum s : order) {
      SeriesAmount f = s.first;
      SeriesAmount combined =
          s.pieces == f.pieces()
              ? f
              : new SeriesAmount(
                  f.key(),
                  f.site(),
                  f.zone(),
                  f.level(),
                  f.id(),
                  f.metric(),
                  f.unit(),
                  f.window(),
                  f.startEpochMs(),
                  f.endEpochMs(),
                  s.amount,
                  s.gas,
                  s.qualityMask,
                  s.lineage,
                  s.pieces);
      if (s.hasTimestamp) {
        reuse.replace(combined, s.timestamp);
      } else {
        reuse.replace(combined);
        reuse.eraseTimestamp();
      }
      output.collect(reuse);
    }
    held.clear();
    order.clear();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }
}
