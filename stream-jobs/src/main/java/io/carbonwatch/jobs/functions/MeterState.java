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
   * Readings waiting for the watermark, in time order, as rows of primitives: row {@code r} is the
   * reading at {@code waitTimeMs[r]}, its value for channel {@code j} of {@link #channels} at
   * {@code waitValues[r * channels.length + j]} ({@code NaN} when it had no value) with the {@code
   * ReadingQuality} ordinal at the same index of {@link #waitQuality} ({@link #ABSENT} when the
   * reading did not have that channel). Only the first {@link #waitingCount} rows are used.
   *
   * <p>Why not the readings themselves: a waiting reading is a dozen objects (strings, a list,
   * boxed doubles) that live until the watermark passes and must be checked against the plan again
   * when they are applied; a row is a few numbers, resolved once on arrival.
   */
  public long[] waitTimeMs;

  public double[] waitValues;
  public byte[] waitQuality;
  public int waitingCount;

  /** {@link #waitQuality} of a channel the reading did not carry. */
  static final byte ABSENT = -1;

  /** Whether an event-time timer is registered, and for when. */
  public boolean timer;

  public long timerAt;

  /** Channels with state, and their state at the same index (only the one of its mode is set). */
  public String[] channels;

  public CounterState[] counters;
  public PowerIntegratorState[] rates;

  /** Time of the last delta reading applied, {@link Long#MIN_VALUE} when none. */
  public long[] lastDeltaMs;

  transient long planGeneration = -1;
  transient SitePlan plan;

  /** The channel plans of the last reading's values, in their order. */
  transient ChannelPlan[] resolved;

  /** The length of {@link #resolved}, 0 before the first resolution (kept here: one fewer miss). */
  transient int resolvedCount;

  /** Channel and unit of each value of the last reading that matched {@link #resolved}. */
  transient String[] names;

  /** For each of {@link #resolved}: its column in {@link #channels}, -1 for a live-only one. */
  transient int[] slots;

  /** For each of {@link #resolved}: the live board slot of each of its live routes. */
  transient LiveBoard.Slot[][] live;

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
    s.waitTimeMs = new long[0];
    s.waitValues = new double[0];
    s.waitQuality = new byte[0];
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
    int rows = waitTimeMs.length;
    double[] values = new double[rows * (n + 1)];
    byte[] quality = new byte[rows * (n + 1)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(waitValues, r * n, values, r * (n + 1), n);
      System.arraycopy(waitQuality, r * n, quality, r * (n + 1), n);
      values[r * (n + 1) + n] = Double.NaN;
      quality[r * (n + 1) + n] = ABSENT;
    }
    waitValues = values;
    waitQuality = quality;
    columns = null;
    return n;
  }

  /**
   * The row for a reading at {@code timeMs}, in time order, every column {@link #ABSENT}; a reading
   * of the same instant replaces the waiting one (its row is reset and returned).
   */
  int await(long timeMs) {
    int width = channels.length;
    int n = waitingCount;
    int i = n;
    while (i > 0 && waitTimeMs[i - 1] > timeMs) {
      i--;
    }
    if (i > 0 && waitTimeMs[i - 1] == timeMs) {
      clearRow(i - 1, width);
      return i - 1;
    }
    if (n == waitTimeMs.length) {
      int rows = Math.max(4, n * 2);
      waitTimeMs = Arrays.copyOf(waitTimeMs, rows);
      waitValues = Arrays.copyOf(waitValues, rows * width);
      waitQuality = Arrays.copyOf(waitQuality, rows * width);
    }
    System.arraycopy(waitTimeMs, i, waitTimeMs, i + 1, n - i);
    System.arraycopy(waitValues, i * width, waitValues, (i + 1) * width, (n - i) * width);
    System.arraycopy(waitQuality, i * width, waitQuality, (i + 1) * width, (n - i) * width);
    waitTimeMs[i] = timeMs;
    clearRow(i, width);
    waitingCount = n + 1;
    return i;
  }

  private void clearRow(int row, int width) {
    Arrays.fill(waitValues, row * width, (row + 1) * width, Double.NaN);
    Arrays.fill(waitQuality, row * width, (row + 1) * width, ABSENT);
  }

  /** Removes the first {@code due} waiting rows. */
  void dropWaiting(int due) {
    int width = channels.length;
    int n = waitingCount;
    System.arraycopy(waitTimeMs, due, waitTimeMs, 0, n - due);
    System.arraycopy(waitValues, due * width, waitValues, 0, (n - due) * width);
    System.arraycopy(waitQuality, due * width, waitQuality, 0, (n - due) * width);
    waitingCount = n - due;
  }
}
