package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.counters.CounterState;
import io.carbonwatch.core.counters.PowerIntegratorState;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.SitePlan;
import java.util.Arrays;

/**
 * All of one meter's keyed state in {@link MeterFunction}, in one value: the sequence numbers it
 * has delivered, its readings waiting for the watermark and the per-channel state of the core
 * intervalizers. Flink POJO (public fields, no-arg constructor), no Kryo.
 *
 * <p>Why one value rather than a state per concern: every keyed-state access is a lookup in the
 * state table, and the meter's five states cost five lookups (and as many cache misses) per
 * reading. With the heap state backend the value is updated in place and {@code update} only
 * re-links it.
 *
 * <p>The {@code transient} fields cache how the meter's last reading resolved against the compiled
 * site plan. Flink does not serialize them, so a copy (the heap backend copies a value the first
 * time it is touched after a checkpoint) or a restore simply resolves again.
 */
public final class MeterState {
  /** The names this state belongs to: a key collision of two meters is detected, not mixed. */
  public String site;

  public String meter;

  /**
   * {@code String.hashCode} of {@link #site} and {@link #meter}: the collision check per reading.
   */
  public int siteHash;

  public int meterHash;

  /** Sequence numbers already delivered; {@code null} after the dedupe time-to-live. */
  public SeenSequences seen;

  /**
   * Readings waiting for the watermark, in time order, as rows of primitives in one array: row
   * {@code r} starts at {@code r * stride} with {@code stride = 1 + 2 * channels.length} and holds
   * the reading's time (epoch ms, exact in a double), then for each channel {@code j} of {@link
   * #channels} its value ({@code NaN} when it had none) and the {@code ReadingQuality} ordinal
   * ({@link #ABSENT} when the reading did not carry that channel). Only the first {@link
   * #waitingCount} rows are used. (The ordinals make the order of {@code ReadingQuality} part of
   * the checkpoint format, like {@link MeterKeys}.)
   *
   * <p>Why not the readings themselves: a waiting reading is a dozen objects (strings, a list,
   * boxed doubles) that live until the watermark passes and must be checked against the plan again
   * when they are applied; a row is a few numbers, resolved once on arrival, and one array is one
   * cache miss where three were three.
   */
  public double[] wait;

  public int waitingCount;

  /** The quality of a channel the reading did not carry. */
  static final int ABSENT = -1;

  /** Whether an event-time timer is registered, and for when. */
  public boolean timer;

  public long timerAt;

  /** Channels with state, and their state at the same index (only the one of its mode is set). */
  public String[] channels;

  public CounterState[] counters;
  public PowerIntegratorState[] rates;

  /** Time of the last delta reading applied, {@link Long#MIN_VALUE} when none. */
  public long[] lastDeltaMs;

  /** The plan generation {@link #resolved} was made for. */
  transient long planGeneration = -1;

  /** The channel plans of the last reading's values, in their order. */
  transient ChannelPlan[] resolved;

  /** The length of {@link #resolved}, 0 before the first resolution (kept here: one fewer miss). */
  transient int resolvedCount;

  /** Channel and unit of each value of the last reading that matched {@link #resolved}. */
  transient String[] names;

  /** For each of {@link #resolved}: its column in {@link #channels}, -1 for a live-only one. */
  transient int[] slots;

  /** The live board slots of all live routes of {@link #resolved}, each knowing its value index. */
  transient LiveBoard.Slot[] live;

  /**
   * The plan of each of {@link #channels} ({@code null}: no longer in the plan) and its generation.
   */
  transient ChannelPlan[] columns;

  transient long columnsGeneration = -1;
  transient SitePlan columnsPlan;

  public MeterState() {}

  static MeterState of(String site, String meter) {
    MeterState s = new MeterState();
    s.site = site;
    s.meter = meter;
    s.siteHash = site.hashCode();
    s.meterHash = meter.hashCode();
    s.channels = new String[0];
    s.counters = new CounterState[0];
    s.rates = new PowerIntegratorState[0];
    s.lastDeltaMs = new long[0];
    s.wait = new double[0];
    return s;
  }

  /** The column of {@code channel} in {@link #channels}, added (to every waiting row) when new. */
  int channelIndex(String channel) {
    for (int i = 0; i < channels.length; i++) {
      if (channels[i].equals(channel)) {
        return i;
      }
    }
    int n = channels.length;
    channels = Arrays.copyOf(channels, n + 1);
    counters = Arrays.copyOf(counters, n + 1);
    rates = Arrays.copyOf(rates, n + 1);
    lastDeltaMs = Arrays.copyOf(lastDeltaMs, n + 1);
    channels[n] = channel;
    lastDeltaMs[n] = Long.MIN_VALUE;
    // Widen the waiting rows by one column.
    int oldStride = 1 + 2 * n;
    int newStride = oldStride + 2;
    int rows = wait.length / oldStride;
    double[] widened = new double[rows * newStride];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(wait, r * oldStride, widened, r * newStride, oldStride);
      widened[r * newStride + oldStride] = Double.NaN;
      widened[r * newStride + oldStride + 1] = ABSENT;
    }
    wait = widened;
    columns = null;
    return n;
  }

  private int stride() {
    return 1 + 2 * channels.length;
  }

  /** The time of waiting row {@code row}. */
  long timeAt(int row) {
    return (long) wait[row * stride()];
  }

  /** The value of channel column {@code column} in row {@code row}, {@code NaN} when none. */
  double valueAt(int row, int column) {
    return wait[row * stride() + 1 + 2 * column];
  }

  /**
   * The quality ordinal of channel column {@code column} in row {@code row}, or {@link #ABSENT}.
   */
  int qualityAt(int row, int column) {
    return (int) wait[row * stride() + 2 + 2 * column];
  }

  void set(int row, int column, double value, int quality) {
    int at = row * stride() + 1 + 2 * column;
    wait[at] = value;
    wait[at + 1] = quality;
  }

  /**
   * The row for a reading at {@code timeMs}, in time order, every column {@link #ABSENT}; when a
   * reading of the same instant is already waiting, its row is returned as it is, so the caller
   * merges the two (a later value replaces an earlier one, amounts of delta channels add up).
   */
  int await(long timeMs) {
    int stride = stride();
    int n = waitingCount;
    int i = n;
    while (i > 0 && (long) wait[(i - 1) * stride] > timeMs) {
      i--;
    }
    if (i > 0 && (long) wait[(i - 1) * stride] == timeMs) {
      return i - 1;
    }
    if ((n + 1) * stride > wait.length) {
      wait = Arrays.copyOf(wait, Math.max(4, n * 2) * stride);
    }
    System.arraycopy(wait, i * stride, wait, (i + 1) * stride, (n - i) * stride);
    wait[i * stride] = timeMs;
    clearRow(i, stride);
    waitingCount = n + 1;
    return i;
  }

  private void clearRow(int row, int stride) {
    for (int at = row * stride + 1; at < (row + 1) * stride; at += 2) {
      wait[at] = Double.NaN;
      wait[at + 1] = ABSENT;
    }
  }

  /** Removes the first {@code due} waiting rows. */
  void dropWaiting(int due) {
    int stride = stride();
    System.arraycopy(wait, due * stride, wait, 0, (waitingCount - due) * stride);
    waitingCount -= due;
  }
}
