package io.carbonwatch.api.alerts;

import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.AlertSeverity;
import io.carbonwatch.core.wire.Bilingual;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads an {@link AlertEvent} from its wire JSON, naming the offending field. The records' compact
 * constructors (core) do the domain validation.
 *
 * <p>TODO(core wire codec): delegate to {@code io.carbonwatch.core.wire} codec once it lands.
 */
public final class AlertWire {
  private AlertWire() {}

  public static AlertEvent parse(String payload) {
    JsonObject o;
    try {
      o = new JsonObject(payload);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("payload: not a JSON object");
    }
    if (!Integer.valueOf(1).equals(o.getValue("v"))) {
      throw new IllegalArgumentException("v: expected 1, got " + o.getValue("v"));
    }
    AlertEventType type = AlertEventType.fromWire(str(o, "event"));
    if (type == null) {
      throw new IllegalArgumentException(
          "event: expected one of raised, updated, cleared, got " + o.getValue("event"));
    }
    AlertSeverity sev = AlertSeverity.fromWire(str(o, "severity"));
    if (sev == null) {
      throw new IllegalArgumentException(
          "severity: expected one of minor, major, critical, got " + o.getValue("severity"));
    }
    JsonObject msg = obj(o, "message");
    return new AlertEvent(
        type,
        str(o, "alertId"),
        lng(o, "eventSeq"),
        str(o, "site"),
        str(o, "rule"),
        str(o, "target"),
        str(o, "targetKind"),
        str(o, "metric"),
        str(o, "unit"),
        sev,
        instant(o, "windowStart"),
        instant(o, "windowEnd"),
        num(o, "expected"),
        num(o, "actual"),
        num(o, "deviation"),
        o.getValue("deviationPercent") == null ? null : num(o, "deviationPercent"),
        (int) lng(o, "consecutiveWindows"),
        instant(o, "time"),
        new Bilingual(str(msg, "zh-CN", "message."), str(msg, "en", "message.")));
  }

  private static String str(JsonObject o, String f) {
    return str(o, f, "");
  }

  private static String str(JsonObject o, String f, String prefix) {
    Object v = o.getValue(f);
    if (v == null) {
      throw new IllegalArgumentException(prefix + f + ": required");
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(prefix + f + ": expected a string");
    }
    if (s.length() > 1000) {
      throw new IllegalArgumentException(prefix + f + ": longer than 1000 characters");
    }
    return s;
  }

  private static JsonObject obj(JsonObject o, String f) {
    Object v = o.getValue(f);
    if (!(v instanceof JsonObject j)) {
      throw new IllegalArgumentException(f + ": expected an object");
    }
    return j;
  }

  private static double num(JsonObject o, String f) {
    Object v = o.getValue(f);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(f + ": expected a number");
    }
    return n.doubleValue();
  }

  private static long lng(JsonObject o, String f) {
    Object v = o.getValue(f);
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new IllegalArgumentException(f + ": expected an integer");
    }
    return ((Number) v).longValue();
  }

  private static Instant instant(JsonObject o, String f) {
    try {
      return Instant.parse(str(o, f));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(f + ": expected an ISO-8601 UTC instant");
    }
  }
}
