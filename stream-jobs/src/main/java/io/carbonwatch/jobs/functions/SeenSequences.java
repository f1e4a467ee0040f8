package io.carbonwatch.jobs.functions;

import java.util.Arrays;

/**
 * The (meter, seq) pairs one meter has already delivered: the highest sequence number seen and a
 * ring of bits for the {@link #WINDOW} numbers below it — 512 bytes per meter, O(1) per reading.
 * Flink POJO (public fields, no-arg constructor) so it is kept in keyed state without Kryo.
 *
 * <p>A sequence number more than {@link #WINDOW} below the highest (at a 5 s poll, about 5.7 hours
 * of backlog) cannot be judged and passes as {@link Verdict#BEYOND_WINDOW}; downstream the counter
 * intervalizer and the delta booking reject readings that are not after the channel's last one, so
 * totals are unaffected.
 *
 * <p>Why not Flink's state TTL: a {@code MapState} with TTL copied a key's whole map on access
 * (O(seen readings) per reading), and even a TTL'd {@code ValueState} wraps every value and runs
 * incremental clean-up on every access. The owner keeps {@link #touchedAtMs} and one
 * processing-time timer per meter instead.
 */
public final class SeenSequences {
  /** Sequence numbers remembered below the highest one. */
  /**
   * Why not more: the bitset is copied whenever the heap state backend touches a meter after a
   * checkpoint and is written into every checkpoint; at 65 536 (8 KiB per meter) a 4 000-meter
   * fleet copied 32 MB per checkpoint and the young collections that followed paused the job for a
   * tenth of a second or more. A duplicate is a redelivery or an agent's replay, seconds to minutes
   * behind the newest number, not hours.
   */
  public static final int WINDOW = 4_096;

  public enum Verdict {
    NEW,
    DUPLICATE,
    BEYOND_WINDOW
  }

  public long high;
  public long[] bits;

  /** Processing time of the last new sequence number: the time-to-live runs from here. */
  public long touchedAtMs;

  public SeenSequences() {}

  /** A fresh record that has seen only {@code seq}. */
  public static SeenSequences first(long seq) {
    SeenSequences s = new SeenSequences();
    s.high = seq;
    s.bits = new long[WINDOW / 64];
    s.set(seq);
    return s;
  }

  /**
   * Records {@code seq} and says whether it was new; only {@link Verdict#NEW} changes the state.
   */
  public Verdict offer(long seq) {
    if (seq > high) {
      // Advance: forget the numbers that fall out of the window.
      long advance = seq - high;
      if (advance >= WINDOW) {
        Arrays.fill(bits, 0);
      } else {
        for (long n = high + 1; n <= seq; n++) {
          clear(n);
        }
      }
      high = seq;
      set(seq);
      return Verdict.NEW;
    }
    if (seq <= high - WINDOW) {
      return Verdict.BEYOND_WINDOW;
    }
    if (isSet(seq)) {
      return Verdict.DUPLICATE;
    }
    set(seq);
    return Verdict.NEW;
  }

  private static int index(long seq) {
    return (int) Math.floorMod(seq, (long) WINDOW);
  }

  private boolean isSet(long seq) {
    int i = index(seq);
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private void set(long seq) {
    int i = index(seq);
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private void clear(long seq) {
    int i = index(seq);
    bits[i >>> 6] &= ~(1L << (i & 63));
  }
}
