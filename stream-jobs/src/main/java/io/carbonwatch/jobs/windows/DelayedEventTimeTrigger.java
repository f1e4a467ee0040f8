package io.carbonwatch.jobs.windows;

import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window once the watermark passes its end plus a grace delay, and again for every element
 * that arrives after that (a correction). The grace exists because a counter interval is only known
 * when the meter's next reading arrives, which is at or after the interval's end: without it a
 * window would fire just before its last interval and then correct itself every time.
 */
public final class DelayedEventTimeTrigger<T> extends Trigger<T, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long delayMs;

  public DelayedEventTimeTrigger(long delayMs) {
    if (delayMs < 0) {
      throw new IllegalArgumentException("delayMs: must be >= 0");
    }
    this.delayMs = delayMs;
  }

  private long fireAt(TimeWindow window) {
    return window.maxTimestamp() + delayMs;
  }

  @Override
  public TriggerResult onElement(T element, long timestamp, TimeWindow window, TriggerContext ctx) {
    if (fireAt(window) <= ctx.getCurrentWatermark()) {
      return TriggerResult.FIRE;
    }
    ctx.registerEventTimeTimer(fireAt(window));
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
    return time == fireAt(window) ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) {
    ctx.deleteEventTimeTimer(fireAt(window));
  }

  @Override
  public String toString() {
    return "DelayedEventTimeTrigger(" + delayMs + " ms)";
  }
}
