package io.carbonwatch.core.counters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns cumulative register readings of one channel into consumption per fixed interval. A pure
 * function of (state, reading): the caller keeps {@link CounterState} (e.g. in Flink keyed state)
 * and feeds readings in time order. See {@code docs/counters.md} for the semantics.
 *
 * <p>Invariant: over any run of accepted readings, the emitted intervals plus the open interval sum
 * to {@code last − first + Σ corrections} exactly, in micro-units.
 */
public final class CounterIntervalizer {

  /**
   * Outcome of one reading.
   *
   * @param state the state to keep (unchanged when rejected)
   * @param intervals intervals completed by this reading, in time order (usually none or one)
   * @param rejection why the reading was not used, if it was not
   * @param correction the rollover, reset or replacement detected at this reading, if any
   */
  public record Result(
      CounterState state,
      List<IntervalConsumption> intervals,
      Optional<Rejection> rejection,
      Optional<Correction> correction) {
    public Result {
      Objects.requireNonNull(state, "state");
      intervals = List.copyOf(intervals);
      Objects.requireNonNull(rejection, "rejection");
      Objects.requireNonNull(correction, "correction");
    }

    public boolean accepted() {
      return rejection.isEmpty();
    }
  }

  private final CounterChannelConfig config;
  private final long intervalMs;
  private final long modulusMicro;
  private final long maximumMicro;
  private final long maxGapMs;
  private final long frozenMs;
  private final long plausibleWrapMicro;
  private final long backwardToleranceMicro;

  public CounterIntervalizer(CounterChannelConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.intervalMs = config.interval().toMillis();
    this.modulusMicro = config.modulusMicro();
    this.maximumMicro = config.registerMaximumMicro();
    this.maxGapMs = config.maxInterpolationGap().toMillis();
    this.frozenMs = config.frozenAfter() == null ? 0 : config.frozenAfter().toMillis();
    this.plausibleWrapMicro = (long) Math.floor(modulusMicro * config.rolloverPlausibleFraction());
    this.backwardToleranceMicro = config.backwardToleranceMicro();
  }

  public CounterChannelConfig config() {
    return config;
  }

  /** Applies one reading. Never throws for bad readings: they come back as a {@link Rejection}. */
  public Result apply(CounterState state, CounterReading reading) {
    if (!reading.quality().hasValue()) {
      return reject(
          state,
          Rejection.Reason.NO_VALUE,
          "reading at " + reading.time() + " has quality " + reading.quality().code());
    }
    long t = reading.time().toEpochMilli();
    long v = MicroUnits.fromDouble(reading.value());
    if (v > maximumMicro) {
      return reject(
          state,
          Rejection.Reason.ABOVE_REGISTER_MAXIMUM,
          "value "
              + reading.value()
              + " at "
              + reading.time()
              + " is above the register maximum "
              + config.registerMaximum().toPlainString());
    }
    int qualityBit =
        reading.quality() == ReadingQuality.GOOD ? 0 : IntervalFlag.SOURCE_QUALITY.bit();
    if (!state.started()) {
      long open = floor(t);
      int flags = qualityBit | (open == t ? 0 : IntervalFlag.PARTIAL.bit());
      return new Result(
          new CounterState(reading.meterSerial(), t, v, t, open, 0, flags, List.of(), t, v),
          List.of(),
          Optional.empty(),
          Optional.empty());
    }
    boolean serialChange = !reading.meterSerial().equals(state.meterSerial());
    long last = state.lastTimeMs();
    if (t < state.firstTimeMs() && !serialChange) {
      Result before = beforeFirst(state, reading, t, v);
      if (before != null) {
        return before;
      }
    }
    if (t < last || (t == last && !serialChange)) {
      boolean duplicate = t == last && v == state.lastValueMicro();
      return reject(
          state,
          duplicate ? Rejection.Reason.DUPLICATE : Rejection.Reason.OUT_OF_ORDER,
          (duplicate ? "duplicate of the reading at " : "not after the last reading at ")
              + Instant.ofEpochMilli(last)
              + ": reading at "
              + reading.time());
    }

    long amount;
    int segmentFlags = qualityBit;
    Correction correction = null;
    long changeTime = state.lastChangeTimeMs();
    long lastValue = state.lastValueMicro();
    if (serialChange) {
      amount = 0;
      segmentFlags |= IntervalFlag.PARTIAL.bit() | IntervalFlag.METER_REPLACED.bit();
      correction =
          correction(
              Correction.Kind.REPLACEMENT,
              reading,
              lastValue - v,
              state,
              "meter "
                  + state.meterSerial()
                  + " replaced by "
                  + reading.meterSerial()
                  + "; consumption between "
                  + Instant.ofEpochMilli(last)
                  + " and "
                  + reading.time()
                  + " was not measured");
      changeTime = t;
    } else if (v >= lastValue) {
      amount = v - lastValue;
      if (amount > 0) {
        changeTime = t;
      } else if (frozenMs > 0 && t - changeTime >= frozenMs) {
        segmentFlags |= IntervalFlag.FROZEN.bit();
      }
    } else if (lastValue - v <= backwardToleranceMicro) {
      // A float register jittering backwards: no consumption, and the reference stays at the
      // higher value so the jitter is not counted again when the register moves on.
      amount = 0;
      segmentFlags |= IntervalFlag.BACKWARD.bit();
      v = lastValue;
    } else {
      long wrapAmount = modulusMicro > 0 ? v + modulusMicro - lastValue : -1;
      if (modulusMicro > 0 && plausibleWrap(wrapAmount, t - last)) {
        amount = wrapAmount;
        segmentFlags |= IntervalFlag.ROLLOVER.bit();
        correction =
            correction(
                Correction.Kind.ROLLOVER,
                reading,
                modulusMicro,
                state,
                "register wrapped at " + config.registerMaximum().toPlainString());
      } else {
        amount = v;
        segmentFlags |= IntervalFlag.RESET.bit();
        correction =
            correction(
                Correction.Kind.RESET,
                reading,
                lastValue,
                state,
                "register dropped from "
                    + MicroUnits.toDecimal(lastValue).toPlainString()
                    + " to "
                    + MicroUnits.toDecimal(v).toPlainString()
                    + "; counted from zero, consumption before the reset is lost");
      }
      changeTime = t;
    }
    if (t - last > maxGapMs) {
      segmentFlags |= IntervalFlag.GAP.bit();
    }
    return distribute(
        state, reading.meterSerial(), t, v, changeTime, amount, segmentFlags, correction);
  }

  /**
   * A reading older than the channel's first accepted one (the baseline): the interval between the
   * two has not been counted by anyone — a later reading carries the consumption since the reading
   * before it, but nothing carries the consumption before the first. That happens when readings of
   * one meter travel different paths (shared subscriptions) and the second poll is applied before
   * the first. The interval is booked as late intervals by running this intervalizer over the two
   * readings, the part in the baseline's own interval as one interval of its own (it adds to the
   * interval the state has open or has already emitted); the state keeps its newest reading and
   * only its baseline moves back. {@code null} when nothing certain can be booked — a reset,
   * rollover or other correction between the two — and the reading is rejected as out of order.
   */
  private Result beforeFirst(CounterState state, CounterReading reading, long t, long v) {
    long firstMs = state.firstTimeMs();
    long firstValue = state.firstValueMicro();
    long amount;
    int flags = 0;
    if (v <= firstValue) {
      amount = firstValue - v;
    } else if (v - firstValue <= backwardToleranceMicro) {
      amount = 0;
      flags |= IntervalFlag.BACKWARD.bit();
    } else {
      return null;
    }
    if (firstMs - t > maxGapMs) {
      flags |= IntervalFlag.GAP.bit();
    }
    // The older reading starts a baseline of its own, which runs to the first reading.
    Result a = apply(CounterState.initial(), reading);
    Result b =
        distribute(
            a.state(),
            state.meterSerial(),
            firstMs,
            firstValue,
            amount > 0 ? firstMs : t,
            amount,
            flags,
            null);
    List<IntervalConsumption> intervals = new ArrayList<>(b.intervals());
    CounterState open = b.state();
    if (open.openAmountMicro() > 0) {
      long start = floor(open.openStartMs());
      intervals.add(
          new IntervalConsumption(
              config.meter(),
              config.channel(),
              config.unit(),
              Instant.ofEpochMilli(start),
              Instant.ofEpochMilli(start + intervalMs),
              open.openAmountMicro(),
              open.openFlagMask(),
              List.of()));
    }
    return new Result(state.withFirst(t, v), intervals, Optional.empty(), Optional.empty());
  }

  /**
   * Applies a recorded meter exchange: the old meter's final value (if known) is taken as its last
   * reading, and the new meter's initial value (if known) as its first. When the new value is not
   * known, the new meter's first reading starts its baseline.
   */
  public Result replaceMeter(CounterState state, MeterReplacement replacement) {
    if (state.started() && !replacement.oldSerial().equals(state.meterSerial())) {
      return reject(
          state,
          Rejection.Reason.SERIAL_MISMATCH,
          "replacement at "
              + replacement.time()
              + " names old meter "
              + replacement.oldSerial()
              + " but the channel is on meter "
              + state.meterSerial());
    }
    List<IntervalConsumption> intervals = new ArrayList<>();
    CounterState current = state;
    Optional<Correction> correction = Optional.empty();
    if (replacement.oldFinalValue() != null) {
      Result r =
          apply(
              current,
              new CounterReading(
                  replacement.time(),
                  replacement.oldFinalValue(),
                  replacement.oldSerial(),
                  ReadingQuality.GOOD));
      if (!r.accepted()) {
        return r;
      }
      intervals.addAll(r.intervals());
      current = r.state();
      correction = r.correction();
    }
    if (replacement.newInitialValue() != null) {
      Result r =
          apply(
              current,
              new CounterReading(
                  replacement.time(),
                  replacement.newInitialValue(),
                  replacement.newSerial(),
                  ReadingQuality.GOOD));
      if (!r.accepted()) {
        return new Result(current, intervals, r.rejection(), correction);
      }
      intervals.addAll(r.intervals());
      current = r.state();
      correction = r.correction().isPresent() ? r.correction() : correction;
    }
    return new Result(current, intervals, Optional.empty(), correction);
  }

  private boolean plausibleWrap(long wrapAmountMicro, long elapsedMs) {
    if (wrapAmountMicro > plausibleWrapMicro) {
      return false;
    }
    Double maxRate = config.maxPlausibleRatePerHour();
    if (maxRate == null) {
      return true;
    }
    double hours = elapsedMs / 3_600_000.0;
    return MicroUnits.toDouble(wrapAmountMicro) <= maxRate * hours;
  }

  private Result distribute(
      CounterState state,
      String serial,
      long t1,
      long value,
      long changeTime,
      long amount,
      int segmentFlags,
      Correction correction) {
    long t0 = state.lastTimeMs();
    long openStart = state.openStartMs();
    long openAmount = state.openAmountMicro();
    int openFlags = state.openFlagMask();
    List<Correction> openCorrections = state.openCorrections();
    long correctionTarget = t1 > t0 ? floor(t1 - 1) : floor(t1);
    if (t1 > t0 && floor(t1 - 1) > openStart) {
      segmentFlags |= IntervalFlag.SPLIT.bit();
    }
    List<IntervalConsumption> out = List.of();
    long allocated = 0;
    long span = t1 - t0;
    while (openStart + intervalMs <= t1) {
      long end = openStart + intervalMs;
      long cumulative = end >= t1 ? amount : MicroUnits.mulDivFloor(amount, end - t0, span);
      openAmount += cumulative - allocated;
      allocated = cumulative;
      openFlags |= segmentFlags;
      if (correction != null && openStart == correctionTarget) {
        openCorrections = append(openCorrections, correction);
      }
      if (out.isEmpty()) {
        out = new ArrayList<>(2);
      }
      out.add(
          new IntervalConsumption(
              config.meter(),
              config.channel(),
              config.unit(),
              Instant.ofEpochMilli(openStart),
              Instant.ofEpochMilli(end),
              openAmount,
              openFlags,
              openCorrections));
      openStart = end;
      openAmount = 0;
      openFlags = 0;
      openCorrections = List.of();
    }
    if (t1 > openStart || t1 == t0) {
      openAmount += amount - allocated;
      openFlags |= segmentFlags;
    }
    if (correction != null && openStart == correctionTarget) {
      openCorrections = append(openCorrections, correction);
    }
    CounterState next =
        new CounterState(
            serial,
            t1,
            value,
            changeTime,
            openStart,
            openAmount,
            openFlags,
            openCorrections,
            serialChange(state, serial) ? t1 : state.firstTimeMs(),
            serialChange(state, serial) ? value : state.firstValueMicro());
    return new Result(next, out, Optional.empty(), Optional.ofNullable(correction));
  }

  /** A new meter starts a new baseline: nothing before its first reading is its consumption. */
  private static boolean serialChange(CounterState state, String serial) {
    return !serial.equals(state.meterSerial());
  }

  private long floor(long timeMs) {
    return Math.floorDiv(timeMs, intervalMs) * intervalMs;
  }

  private static List<Correction> append(List<Correction> list, Correction c) {
    List<Correction> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(c);
    return copy;
  }

  private Correction correction(
      Correction.Kind kind, CounterReading reading, long amount, CounterState state, String note) {
    return new Correction(
        kind,
        reading.time(),
        amount,
        state.meterSerial(),
        reading.meterSerial(),
        config.meter() + "/" + config.channel() + ": " + note);
  }

  private static Result reject(CounterState state, Rejection.Reason reason, String message) {
    return new Result(
        state, List.of(), Optional.of(new Rejection(reason, message)), Optional.empty());
  }
}
