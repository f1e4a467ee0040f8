package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.counters.CounterState;
import io.carbonwatch.core.counters.PowerIntegratorState;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.SitePlan;

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

  /** Sequence numbers already delivered; {@code null} after the dedupe time-to-live. */
  public SeenSequences seen;

  /** Readings waiting for the watermark, in time order: the first {@link #waitingCount}. */
  public Reading[] waiting;

  public int waitingCount;

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

  /** For each of {@link #resolved}: its index in {@link #channels}. */
  transient int[] slots;

  /** For each of {@link #resolved}: the live board slot of each of its live routes. */
  transient LiveBoard.Slot[][] live;

  public MeterState() {}

  static MeterState of(String site, String meter) {
    MeterState s = new MeterState();
    s.site = site;
    s.meter = meter;
    s.waiting = new Reading[4];
    s.channels = new String[0];
    s.counters = new CounterState[0];
    s.rates = new PowerIntegratorState[0];
    s.lastDeltaMs = new long[0];
    return s;
  }

  /** The index of {@code channel} in {@link #channels}, added when missing. */
  int channelIndex(String channel) {
    for (int i = 0; i < channels.length; i++) {
      if (channels[i].equals(channel)) {
        return i;
      }
    }
    int n = channels.length;
    channels = java.util.Arrays.copyOf(channels, n + 1);
    counters = java.util.Arrays.copyOf(counters, n + 1);
    rates = java.util.Arrays.copyOf(rates, n + 1);
    lastDeltaMs = java.util.Arrays.copyOf(lastDeltaMs, n + 1);
    channels[n] = channel;
    lastDeltaMs[n] = Long.MIN_VALUE;
    return n;
  }

  /** Inserts {@code r} in time order; a reading of the same instant replaces the waiting one. */
  void await(Reading r) {
    int n = waitingCount;
    int i = n;
    while (i > 0 && waiting[i - 1].time().isAfter(r.time())) {
      i--;
    }
    if (i > 0 && waiting[i - 1].time().equals(r.time())) {
      waiting[i - 1] = r;
      return;
    }
    if (n == waiting.length) {
      waiting = java.util.Arrays.copyOf(waiting, Math.max(4, n * 2));
    }
    System.arraycopy(waiting, i, waiting, i + 1, n - i);
    waiting[i] = r;
    waitingCount = n + 1;
  }

  /** Removes the first {@code due} waiting readings. */
  void dropWaiting(int due) {
    int n = waitingCount;
    System.arraycopy(waiting, due, waiting, 0, n - due);
    java.util.Arrays.fill(waiting, n - due, n, null);
    waitingCount = n - due;
  }
}
