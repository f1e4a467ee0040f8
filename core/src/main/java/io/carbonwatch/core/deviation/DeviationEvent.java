package io.carbonwatch.core.deviation;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An alert lifecycle event, shaped like the wire {@code AlertEvent} ({@code docs/wire-format.md}).
 * Consumers store events idempotently by (alertId, eventSeq).
 *
 * @param type raised, updated (severity escalated) or cleared
 * @param alertId stable over the alert's life: {@code site/rule/target/firstWindowStart}
 * @param eventSeq 1 for raised, increasing by one per event of the alert
 * @param site site id
 * @param rule rule id
 * @param target target id
 * @param targetKind target kind
 * @param metric watched quantity
 * @param unit unit of expected, actual and deviation
 * @param severity the alert's severity after this event
 * @param windowStart start of the window that triggered the event
 * @param windowEnd end of that window
 * @param expected expected value of that window
 * @param actual actual value of that window
 * @param deviation actual − expected
 * @param deviationPercent 100 · deviation / |expected|, null when expected is 0
 * @param consecutiveWindows significant windows in a row at this event (0 when cleared)
 * @param time event time: the end of the window (event time, not processing time)
 * @param message text by language tag: {@code zh-CN} and {@code en}
 */
public record DeviationEvent(
    Type type,
    String alertId,
    int eventSeq,
    String site,
    String rule,
    String target,
    String targetKind,
    String metric,
    String unit,
    Severity severity,
    Instant windowStart,
    Instant windowEnd,
    double expected,
    double actual,
    double deviation,
    Double deviationPercent,
    int consecutiveWindows,
    Instant time,
    Map<String, String> message) {

  public enum Type {
    RAISED,
    UPDATED,
    CLEARED;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DeviationEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(alertId, "alertId");
    if (eventSeq < 1) {
      throw new IllegalArgumentException("eventSeq: must be >= 1");
    }
    Objects.requireNonNull(severity, "severity");
    message = Map.copyOf(message);
    if (!message.containsKey("zh-CN") || !message.containsKey("en")) {
      throw new IllegalArgumentException("message: needs zh-CN and en");
    }
  }

  /** The stable alert id for an alert whose first significant window started at {@code first}. */
  public static String alertId(String site, String rule, String target, Instant first) {
    return site + "/" + rule + "/" + target + "/" + first;
  }
}
